import { ArrivalLog, dumpRequests, shortJson } from '../arrival-log.ts';
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
  private readonly requestLog = new ArrivalLog<RecordedRequest>('Matrix stand-in');
  private readonly sentLog = new ArrivalLog<SentEvent>('Matrix stand-in');

  get requests(): RecordedRequest[] {
    return this.requestLog.items;
  }

  get sent(): SentEvent[] {
    return this.sentLog.items;
  }

  begin(entry: Omit<RecordedRequest, 'status'>): RecordedRequest {
    return this.requestLog.add({ ...entry, status: null });
  }

  finish(request: RecordedRequest, status: number): void {
    request.status = status;
    this.requestLog.show(request);
  }

  addSent(event: SentEvent): void {
    this.sentLog.show(this.sentLog.add(event));
  }

  waitForRequest(predicate: (request: RecordedRequest, index: number) => boolean, timeoutMs: number): Promise<RecordedRequest> {
    return this.requestLog.waitFor(predicate, timeoutMs, () => `requests so far:\n${this.dump()}`, (request) => request.status !== null);
  }

  waitForSent(predicate: (event: SentEvent, index: number) => boolean, timeoutMs: number): Promise<SentEvent> {
    return this.sentLog.waitFor(predicate, timeoutMs, () => `requests so far:\n${this.dump()}`);
  }

  /** One line per request: index, method, path, status, body (shortened). */
  dump(): string {
    return dumpRequests(this.requests, (request) => `${request.method} ${request.path} → ${request.status ?? 'parked'} ${shortJson(request.body)}`);
  }
}
