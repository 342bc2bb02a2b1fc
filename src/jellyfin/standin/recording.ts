/** Every request the stand-in received, in arrival order, for tests to assert on what crossed the wire. */
import type { IncomingMessage } from 'node:http';
import { normaliseRouteName } from './router.ts';
import type { RecordedRequest } from './types.ts';

export class Recorder {
  readonly requests: RecordedRequest[] = [];

  /** Recorded on arrival with status 0; the server fills in route, body and status as it goes. */
  start(request: IncomingMessage, path: string, query: URLSearchParams, now: number): RecordedRequest {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    const recordedQuery: Record<string, string> = {};
    for (const [key, value] of query) if (!(key in recordedQuery)) recordedQuery[key] = value;
    const record: RecordedRequest = {
      method: (request.method ?? 'GET').toUpperCase(),
      path,
      route: null,
      query: recordedQuery,
      headers,
      body: undefined,
      status: 0,
      at: now,
    };
    this.requests.push(record);
    return record;
  }

  clear(): void {
    this.requests.length = 0;
  }

  to(route: string): RecordedRequest[] {
    const wanted = normaliseRouteName(route);
    return this.requests.filter((request) => request.route !== null && normaliseRouteName(request.route) === wanted);
  }
}

/** Parsed JSON when it parses, else the raw text, else undefined (no body). */
export function recordedBody(raw: string): unknown {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}
