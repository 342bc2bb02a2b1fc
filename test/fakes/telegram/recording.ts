import { ArrivalLog, dumpRequests, shortJson } from '../arrival-log.ts';
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
  private readonly requestLog = new ArrivalLog<RecordedRequest>('Telegram stand-in');
  private readonly sentLog = new ArrivalLog<SentMessage>('Telegram stand-in');

  get requests(): RecordedRequest[] {
    return this.requestLog.items;
  }

  get sent(): SentMessage[] {
    return this.sentLog.items;
  }

  begin(entry: Omit<RecordedRequest, 'status'>): RecordedRequest {
    return this.requestLog.add({ ...entry, status: null });
  }

  /** Marks a request answered; waiters see it from now on. */
  finish(request: RecordedRequest, status: number): void {
    request.status = status;
    this.requestLog.show(request);
  }

  /** Shows a request to waiters before its answer: a long poll that is parked (status still null). */
  announce(request: RecordedRequest): void {
    this.requestLog.show(request);
  }

  addSent(message: SentMessage): void {
    this.sentLog.show(this.sentLog.add(message));
  }

  /** Answered requests, and parked long polls (getUpdates), match. */
  waitForRequest(predicate: (request: RecordedRequest, index: number) => boolean, timeoutMs: number): Promise<RecordedRequest> {
    const ready = (request: RecordedRequest) => request.status !== null || request.method.toLowerCase() === 'getupdates';
    return this.requestLog.waitFor(predicate, timeoutMs, () => `requests so far:\n${this.dump()}`, ready);
  }

  waitForSent(predicate: (message: SentMessage, index: number) => boolean, timeoutMs: number): Promise<SentMessage> {
    const sentDump = (): string =>
      this.sent.map((m, i) => `  #${i} ${m.method} chat ${m.chatId} msg ${m.messageId}: ${JSON.stringify(m.raw)}`).join('\n') || '  (nothing sent)';
    return this.sentLog.waitFor(predicate, timeoutMs, () => `messages sent so far:\n${sentDump()}\nrequests so far:\n${this.dump()}`);
  }

  /** One line per request: index, method, status, parameters (shortened). */
  dump(): string {
    return dumpRequests(this.requests, (request) => {
      const why = request.error ? ` ${request.error.description}` : '';
      return `${request.method} → ${request.status === null ? 'parked' : request.status}${why} ${shortJson(request.params)}`;
    });
  }
}
