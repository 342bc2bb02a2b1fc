import { ArrivalLog, dumpRequests, shortJson } from '../arrival-log.ts';

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
  private readonly log = new ArrivalLog<RecordedRequest>('Discord stand-in');

  get requests(): RecordedRequest[] {
    return this.log.items;
  }

  begin(entry: Omit<RecordedRequest, 'status'>): RecordedRequest {
    return this.log.add({ ...entry, status: null });
  }

  finish(request: RecordedRequest, status: number, response: unknown): void {
    request.status = status;
    if (response !== undefined) request.response = response;
    this.log.show(request);
  }

  /** The first answered request matching, already recorded or arriving later; rejects after timeoutMs with a dump. */
  waitFor(predicate: (request: RecordedRequest, index: number) => boolean, timeoutMs: number): Promise<RecordedRequest> {
    return this.log.waitFor(predicate, timeoutMs, () => `requests so far:\n${this.dump()}`, (request) => request.status !== null);
  }

  /** One line per request: index, method, path, status, body (shortened). */
  dump(): string {
    return dumpRequests(this.requests, (request) => `${request.method} ${request.path} → ${request.status ?? 'pending'} ${shortJson(request.body)}`);
  }
}
