import { Waiters } from '../waiters.ts';
/** One request as it crossed the wire. */
export interface RecordedRequest {
  method: string;
  /** Decoded path after `/_matrix/client/{v3|r0}` (e.g. `/rooms/!room1:example.test/send/m.room.message/txn1`); the full path for others. */
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** Whose access token it carried; undefined without a valid token. */
  userId: string | undefined;
  /** HTTP status answered; null while parked (a long-poll sync); 0 when the client went away first. */
  status: number | null;
  response?: unknown;
  at: Date;
}

/** An event the bot (or any token holder) sent through PUT /rooms/{id}/send/{type}/{txnId}. */
export interface SentEvent {
  roomId: string;
  eventId: string;
  sender: string;
  type: string;
  txnId: string;
  content: Record<string, unknown>;
  body: string | undefined;
  msgtype: string | undefined;
  format: string | undefined;
  formatted_body: string | undefined;
  at: Date;
}


/** Everything clients did, in order, with waiters for what has not happened yet. */
export class Recording {
  readonly requests: RecordedRequest[] = [];
  readonly sent: SentEvent[] = [];
  private readonly requestWaiters = new Waiters<RecordedRequest>('Matrix stand-in');
  private readonly sentWaiters = new Waiters<SentEvent>('Matrix stand-in');

  begin(entry: Omit<RecordedRequest, 'status'>): RecordedRequest {
    const request: RecordedRequest = { ...entry, status: null };
    this.requests.push(request);
    return request;
  }

  finish(request: RecordedRequest, status: number): void {
    request.status = status;
    this.requestWaiters.notify(request, this.requests.indexOf(request));
  }

  addSent(event: SentEvent): void {
    this.sent.push(event);
    this.sentWaiters.notify(event, this.sent.length - 1);
  }

  waitForRequest(predicate: (request: RecordedRequest, index: number) => boolean, timeoutMs: number): Promise<RecordedRequest> {
    const found = this.requests.find((request, index) => request.status !== null && predicate(request, index));
    if (found) return Promise.resolve(found);
    return this.requestWaiters.wait(predicate, timeoutMs, () => `requests so far:\n${this.dump()}`);
  }

  waitForSent(predicate: (event: SentEvent, index: number) => boolean, timeoutMs: number): Promise<SentEvent> {
    const found = this.sent.find((event, index) => predicate(event, index));
    if (found) return Promise.resolve(found);
    return this.sentWaiters.wait(predicate, timeoutMs, () => `requests so far:\n${this.dump()}`);
  }

  /** One line per request: index, method, path, status, body (shortened). */
  dump(): string {
    if (this.requests.length === 0) return '  (no requests)';
    return this.requests
      .map((request, index) => {
        const body = request.body === undefined ? '' : JSON.stringify(request.body);
        const shown = body.length > 200 ? `${body.slice(0, 200)}…` : body;
        return `  #${index} ${request.method} ${request.path} → ${request.status ?? 'parked'} ${shown}`;
      })
      .join('\n');
  }
}
