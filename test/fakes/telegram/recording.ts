import { Waiters } from '../waiters.ts';
import type { InlineKeyboardMarkup, Message, MessageEntity } from 'grammy/types';
import type { UploadedFile } from './body.ts';

/** One call the bot made, as it crossed the wire. */
export interface RecordedRequest {
  /** The method as the bot named it in the URL (the Bot API ignores case; grammY sends canonical names). */
  method: string;
  /** Parsed parameters: JSON body as is; form fields as text, with JSON-looking values (reply_markup, commands) decoded. */
  params: Record<string, unknown>;
  files: UploadedFile[];
  encoding: 'none' | 'json' | 'urlencoded' | 'multipart';
  at: Date;
  /** HTTP status answered; null while a long poll is parked; 0 when the client went away before the answer. */
  status: number | null;
  /** The `result` of an ok answer. */
  result?: unknown;
  /** The error of a failed answer. */
  error?: { error_code: number; description: string; parameters?: Record<string, unknown> };
}

export interface SentButton {
  text: string;
  callbackData?: string;
  url?: string;
}

/** A message the bot sent or edited successfully: text as sent (raw HTML) and as Telegram shows it. */
export interface SentMessage {
  method: 'sendMessage' | 'sendDocument' | 'editMessageText' | 'editMessageReplyMarkup';
  chatId: number;
  messageId: number;
  /** Text (or a document's caption) exactly as the bot sent it, markup included. */
  raw: string;
  /** What the user reads: tags removed, references decoded, trimmed. */
  text: string;
  entities: MessageEntity[];
  parseMode: string | undefined;
  replyMarkup: InlineKeyboardMarkup | undefined;
  /** The inline keyboard flattened, row by row. */
  buttons: SentButton[];
  document?: { fileName: string; content: Buffer; contentType: string | undefined };
  /** The Message object the stand-in answered with. */
  message: Message;
  at: Date;
}


/** Everything the bot did, in order, with waiters for what has not happened yet. */
export class Recording {
  readonly requests: RecordedRequest[] = [];
  readonly sent: SentMessage[] = [];
  private readonly requestWaiters = new Waiters<RecordedRequest>('Telegram stand-in');
  private readonly sentWaiters = new Waiters<SentMessage>('Telegram stand-in');

  begin(entry: Omit<RecordedRequest, 'status'>): RecordedRequest {
    const request: RecordedRequest = { ...entry, status: null };
    this.requests.push(request);
    return request;
  }

  /** Marks a request answered; waiters see it from now on. */
  finish(request: RecordedRequest, status: number): void {
    request.status = status;
    this.requestWaiters.notify(request, this.requests.indexOf(request));
  }

  /** Shows a request to waiters before its answer: a long poll that is parked (status still null). */
  announce(request: RecordedRequest): void {
    this.requestWaiters.notify(request, this.requests.indexOf(request));
  }

  addSent(message: SentMessage): void {
    this.sent.push(message);
    this.sentWaiters.notify(message, this.sent.length - 1);
  }

  waitForRequest(predicate: (request: RecordedRequest, index: number) => boolean, timeoutMs: number): Promise<RecordedRequest> {
    const found = this.requests.find((request, index) => (request.status !== null || request.method.toLowerCase() === 'getupdates') && predicate(request, index));
    if (found) return Promise.resolve(found);
    return this.requestWaiters.wait(predicate, timeoutMs, () => `requests so far:\n${this.dump()}`);
  }

  waitForSent(predicate: (message: SentMessage, index: number) => boolean, timeoutMs: number): Promise<SentMessage> {
    const found = this.sent.find((message, index) => predicate(message, index));
    if (found) return Promise.resolve(found);
    const sentDump = (): string =>
      this.sent.map((m, i) => `  #${i} ${m.method} chat ${m.chatId} msg ${m.messageId}: ${JSON.stringify(m.raw)}`).join('\n') || '  (nothing sent)';
    return this.sentWaiters.wait(predicate, timeoutMs, () => `messages sent so far:\n${sentDump()}\nrequests so far:\n${this.dump()}`);
  }

  /** One line per request: index, method, status, parameters (shortened). */
  dump(): string {
    if (this.requests.length === 0) return '  (no requests)';
    return this.requests
      .map((request, index) => {
        const status = request.status === null ? 'parked' : String(request.status);
        const params = JSON.stringify(request.params);
        const shown = params.length > 200 ? `${params.slice(0, 200)}…` : params;
        const why = request.error ? ` ${request.error.description}` : '';
        return `  #${index} ${request.method} → ${status}${why} ${shown}`;
      })
      .join('\n');
  }
}

/** Resolves and removes (in place: a timed-out waiter removes itself from the same array) every waiter the item satisfies. */
