/**
 * How Jellyfin writes things on the wire: GUIDs, dates, JSON without nulls, the opaque
 * `Error processing request.` and ASP.NET's problem-details bodies.
 */
import { createHash, randomBytes } from 'node:crypto';
import { atLeast, type StandinVersion } from './types.ts';

export const EMPTY_GUID = '0'.repeat(32);
export const MIN_DATE = '0001-01-01T00:00:00.0000000Z';

export function newGuid(): string {
  return randomBytes(16).toString('hex');
}

/** `Guid.Parse` forms: N, D, {D}, (D); any case, surrounding whitespace allowed. Returns form N. */
export function parseGuid(text: string): string | null {
  let value = text.trim();
  if (/^\{.*\}$/.test(value) || /^\(.*\)$/.test(value)) value = value.slice(1, -1);
  if (/^[0-9a-f]{32}$/i.test(value)) return value.toLowerCase();
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) {
    return value.replace(/-/g, '').toLowerCase();
  }
  return null;
}

/** `Guid.ToString()` ("D"): what string-typed id properties such as DisplayPreferencesDto.Id hold. */
export function hyphenated(guidN: string): string {
  return `${guidN.slice(0, 8)}-${guidN.slice(8, 12)}-${guidN.slice(12, 16)}-${guidN.slice(16, 20)}-${guidN.slice(20)}`;
}

/** Jellyfin's `string.GetMD5()`: MD5 of the UTF-16LE bytes read as a .NET Guid (mixed endianness). */
export function md5Guid(text: string): string {
  const digest = createHash('md5').update(Buffer.from(text, 'utf16le')).digest();
  const order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
  return order.map((index) => digest[index].toString(16).padStart(2, '0')).join('');
}

/** Jellyfin writes UTC dates with seven fractional digits and a Z. */
export function formatDate(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

/** `WebUtility.UrlDecode`: `+` is a space, valid `%xx` runs are UTF-8 decoded, anything else is kept. */
export function urlDecode(text: string): string {
  return text.replace(/\+/g, ' ').replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8');
    }
  });
}

/** Drops null and undefined properties, as `JsonIgnoreCondition.WhenWritingNull` does. */
export function withoutNulls(object: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    if (value !== null && value !== undefined) result[key] = value;
  }
  return result;
}

export interface Reply {
  status: number;
  contentType?: string;
  body?: string;
}

export const JSON_TYPE = 'application/json; charset=utf-8';

export function json(value: unknown, status = 200): Reply {
  return { status, contentType: JSON_TYPE, body: JSON.stringify(value) };
}

export function noContent(): Reply {
  return { status: 204 };
}

/** Authentication challenges and authorization failures carry no body at all. */
export function bare(status: number): Reply {
  return { status };
}

/** What ExceptionMiddleware sends outside the Development environment. */
export function opaque(status: number): Reply {
  return { status, contentType: 'text/plain', body: 'Error processing request.' };
}

/** A reply thrown from deep inside a handler (an exception in Jellyfin's terms). */
export class ReplyError extends Error {
  constructor(readonly reply: Reply) {
    super(`stand-in reply ${reply.status}`);
  }
}

/** ArgumentException → 400, AuthenticationException → 401, SecurityException → 403,
 *  ResourceNotFoundException → 404, anything else → 500: all as `Error processing request.` */
export function exception(status: 400 | 401 | 403 | 404 | 500): ReplyError {
  return new ReplyError(opaque(status));
}

const PROBLEM_TYPES: Record<number, [legacy: string, modern: string, title: string]> = {
  400: ['rfc7231#section-6.5.1', 'rfc9110#section-15.5.1', 'One or more validation errors occurred.'],
  404: ['rfc7231#section-6.5.4', 'rfc9110#section-15.5.5', 'Not Found'],
  405: ['rfc7231#section-6.5.5', 'rfc9110#section-15.5.6', 'Method Not Allowed'],
  415: ['rfc7231#section-6.5.13', 'rfc9110#section-15.5.16', 'Unsupported Media Type'],
};

/** ASP.NET's RFC 7807 body ([ApiController]); .NET 6 (10.8) links RFC 7231, .NET 8+ RFC 9110. */
export function problem(version: StandinVersion, status: number, errors?: Record<string, string[]>): Reply {
  const [legacy, modern, title] = PROBLEM_TYPES[status] ?? PROBLEM_TYPES[400];
  const body: Record<string, unknown> = {
    type: `https://tools.ietf.org/html/${atLeast(version, '10.9') ? modern : legacy}`,
    // A bare BadRequest() has the plain title; model-state failures the validation one.
    title: status === 400 && !errors ? 'Bad Request' : title,
    status,
  };
  if (errors) body.errors = errors;
  body.traceId = `00-${newGuid()}-${randomBytes(8).toString('hex')}-00`;
  return { status, contentType: 'application/problem+json; charset=utf-8', body: JSON.stringify(body) };
}

export function validationFailure(version: StandinVersion, errors: Record<string, string[]>): ReplyError {
  return new ReplyError(problem(version, 400, errors));
}

/** `return NotFound();` under [ApiController]. */
export function notFoundProblem(version: StandinVersion): ReplyError {
  return new ReplyError(problem(version, 404));
}

/** `StatusCode(403, "message")` and friends: the message as a JSON string. */
export function jsonMessage(status: number, message: string): ReplyError {
  return new ReplyError(json(message, status));
}
