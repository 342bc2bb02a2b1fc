import { Waiters } from '../waiters.ts';

/** One REST call the bot made, as it crossed the wire (path URL-decoded, below `/api/v10`). */
export interface RecordedRequest {
  method: string;
  /** Decoded path without the `/api/v10` prefix: `/webhooks/APP/TOKEN/messages/@original`. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body (undefined when there was none). */
  body: unknown;
  /** Whether the Authorization header carried `Bot <the stand-in's token>`. */
  authorized: boolean;
  at: Date;
  /** HTTP status answered; null until answered. */
  status: number | null;
  /** The JSON answered (undefined for 204). */
  response?: unknown;
}


/** Every REST call in arrival order, with waiters for calls that have not been answered yet. */
export class Recording {
  readonly requests: RecordedRequest[] = [];
  private readonly waiters = new Waiters<RecordedRequest>('Discord stand-in');

  begin(entry: Omit<RecordedRequest, 'status'>): RecordedRequest {
    const request: RecordedRequest = { ...entry, status: null };
    this.requests.push(request);
    return request;
  }

  finish(request: RecordedRequest, status: number, response: unknown): void {
    request.status = status;
    if (response !== undefined) request.response = response;
    this.waiters.notify(request, this.requests.indexOf(request));
  }

  /** The first answered request matching, already recorded or arriving later; rejects after timeoutMs with a dump. */
  waitFor(predicate: (request: RecordedRequest, index: number) => boolean, timeoutMs: number): Promise<RecordedRequest> {
    const found = this.requests.find((request, index) => request.status !== null && predicate(request, index));
    if (found) return Promise.resolve(found);
    return this.waiters.wait(predicate, timeoutMs, () => `requests so far:\n${this.dump()}`);
  }

  /** One line per request: index, method, path, status, body (shortened). */
  dump(): string {
    if (this.requests.length === 0) return '  (no requests)';
    return this.requests
      .map((request, index) => {
        const body = request.body === undefined ? '' : JSON.stringify(request.body);
        const shown = body.length > 200 ? `${body.slice(0, 200)}…` : body;
        return `  #${index} ${request.method} ${request.path} → ${request.status ?? 'pending'} ${shown}`;
      })
      .join('\n');
  }
}
