/** One part of a multipart/form-data body. `fileName` is set only for file parts. */
export interface MultipartPart {
  name: string;
  fileName: string | undefined;
  contentType: string | undefined;
  content: Buffer;
}

const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * Splits a multipart/form-data body into its parts. Enough of RFC 7578 for what Bot API clients send:
 * grammY writes `content-disposition:form-data;name="x";filename=y` (no spaces, unquoted file name),
 * browsers and undici quote everything — both are read here.
 */
export function parseMultipart(body: Buffer, contentType: string): MultipartPart[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!boundary) throw new Error('multipart body without a boundary');
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts: MultipartPart[] = [];
  let cursor = body.indexOf(delimiter);
  while (cursor !== -1) {
    const afterDelimiter = cursor + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, afterDelimiter);
    if (next === -1) break;
    const part = readPart(body.subarray(skipLineBreak(body, afterDelimiter), trimLineBreak(body, next)));
    if (part) parts.push(part);
    cursor = next;
  }
  return parts;
}

function skipLineBreak(body: Buffer, at: number): number {
  return body[at] === 0x0d && body[at + 1] === 0x0a ? at + 2 : at;
}

function trimLineBreak(body: Buffer, end: number): number {
  return body[end - 2] === 0x0d && body[end - 1] === 0x0a ? end - 2 : end;
}

function readPart(raw: Buffer): MultipartPart | undefined {
  const headerEnd = raw.indexOf(HEADER_END);
  if (headerEnd === -1) return undefined;
  const headers = raw.subarray(0, headerEnd).toString('utf8').split('\r\n');
  const disposition = headerValue(headers, 'content-disposition');
  if (!disposition) return undefined;
  const name = /(?:^|;)\s*name="([^"]*)"/i.exec(disposition)?.[1];
  if (name === undefined) return undefined;
  const fileName = /(?:^|;)\s*filename=(?:"([^"]*)"|([^;]+))/i.exec(disposition);
  return {
    name,
    fileName: fileName ? (fileName[1] ?? fileName[2]).trim() : undefined,
    contentType: headerValue(headers, 'content-type'),
    content: Buffer.from(raw.subarray(headerEnd + HEADER_END.length)),
  };
}

function headerValue(lines: string[], name: string): string | undefined {
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon !== -1 && line.slice(0, colon).trim().toLowerCase() === name) return line.slice(colon + 1).trim();
  }
  return undefined;
}
