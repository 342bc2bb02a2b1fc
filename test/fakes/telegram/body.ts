import type { IncomingMessage } from 'node:http';
import { parseMultipart } from './multipart.ts';
import { badRequest } from './errors.ts';

/** A file that arrived in a multipart body. `field` is the part name (grammY uses a random id it refers to as attach://id). */
export interface UploadedFile {
  field: string;
  fileName: string;
  contentType: string | undefined;
  content: Buffer;
}

export interface ParsedBody {
  params: Record<string, unknown>;
  files: UploadedFile[];
  /** Which encoding the client used: what a test may want to assert (grammY: json for plain calls, multipart for files). */
  encoding: 'none' | 'json' | 'urlencoded' | 'multipart';
}

export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Parses a Bot API request body plus the URL's query string, the way the Bot API server accepts them all. */
export function parseBody(raw: Buffer, contentType: string | undefined, query: URLSearchParams): ParsedBody {
  const params: Record<string, unknown> = {};
  for (const [key, value] of query) params[key] = decodeFieldValue(value);
  const type = (contentType ?? '').toLowerCase();
  if (raw.length === 0) return { params, files: [], encoding: 'none' };
  if (type.startsWith('application/json')) return { params: { ...params, ...parseJsonObject(raw) }, files: [], encoding: 'json' };
  if (type.startsWith('multipart/form-data')) return parseMultipartBody(raw, contentType ?? '', params);
  for (const [key, value] of new URLSearchParams(raw.toString('utf8'))) params[key] = decodeFieldValue(value);
  return { params, files: [], encoding: 'urlencoded' };
}

function parseJsonObject(raw: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch {
    throw badRequest("can't parse JSON object");
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badRequest("can't parse JSON object");
  return value as Record<string, unknown>;
}

function parseMultipartBody(raw: Buffer, contentType: string, params: Record<string, unknown>): ParsedBody {
  const files: UploadedFile[] = [];
  let parts;
  try {
    parts = parseMultipart(raw, contentType);
  } catch {
    throw badRequest("can't parse multipart/form-data request");
  }
  for (const part of parts) {
    if (part.fileName === undefined) params[part.name] = decodeFieldValue(part.content.toString('utf8'));
    else files.push({ field: part.name, fileName: part.fileName, contentType: part.contentType, content: part.content });
  }
  return { params, files, encoding: 'multipart' };
}

/** Form fields carry objects as JSON text (reply_markup, commands, scope); decode those so params read the same as JSON calls. */
function decodeFieldValue(value: string): unknown {
  const trimmed = value.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return value;
  try {
    return JSON.parse(trimmed);
  } catch {
    return value;
  }
}

/** An integer parameter given as a number or as decimal text (form bodies); undefined when absent or not an integer. */
export function intParam(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

export function stringParam(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function boolParam(value: unknown): boolean {
  return value === true || value === 'true' || value === '1' || value === 1;
}

/** An object parameter given as an object (JSON bodies) or JSON text (form bodies). */
export function objectParam(value: unknown, name: string): Record<string, unknown> | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  throw badRequest(`can't parse ${name} JSON object`);
}

export function arrayParam(value: unknown, name: string): unknown[] | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (Array.isArray(value)) return value;
  throw badRequest(`can't parse ${name} JSON array`);
}
