import { tooManyRequests, type ApiError } from './errors.ts';

export interface RateLimitOptions {
  /** Sends per bot in any one-second window (Telegram: about 30). */
  perSecond: number;
  /** Sends per chat per second (Telegram: about 1); 0 turns the per-chat limit off. Default 1. */
  perChatPerSecond?: number;
  /** Methods that count as sends (case-insensitive). Default sendMessage, sendDocument, editMessageText. */
  methods?: string[];
  /** Milliseconds for the limiter (a test's virtual clock); default Date.now. */
  now?: () => number;
}

/** A send the limiter let through, at the limiter's clock. */
export interface AdmittedSend {
  method: string;
  chatId: string;
  at: number;
}

const WINDOW_MS = 1000;
const DEFAULT_METHODS = ['sendmessage', 'senddocument', 'editmessagetext'];

/**
 * Telegram's flood control as the stand-in enforces it on demand: more than `perSecond` sends in a
 * sliding second, or a second send to one chat within 1/perChatPerSecond s, is answered 429
 * "Too Many Requests: retry after N" with parameters.retry_after (whole seconds, at least 1).
 * Inert until configured.
 */
export class RateLimits {
  /** Every send let through, in order. */
  readonly admitted: AdmittedSend[] = [];
  /** Sends refused with 429. */
  refused = 0;
  private options: Required<Omit<RateLimitOptions, 'methods'>> & { methods: string[] } | undefined;
  private readonly lastByChat = new Map<string, number>();
  private windowStart = 0;

  configure(options: RateLimitOptions | undefined): void {
    this.options = options && {
      perSecond: options.perSecond,
      perChatPerSecond: options.perChatPerSecond ?? 1,
      methods: (options.methods ?? DEFAULT_METHODS).map((method) => method.toLowerCase()),
      now: options.now ?? Date.now,
    };
  }

  /** The 429 to answer, or undefined (and the send is counted) when it may go through. */
  refuse(method: string, params: Record<string, unknown>): ApiError | undefined {
    const options = this.options;
    if (!options || !options.methods.includes(method.toLowerCase())) return undefined;
    const now = options.now();
    const chatId = String(params.chat_id ?? '');
    const waitMs = Math.max(this.botWaitMs(now, options.perSecond), this.chatWaitMs(now, chatId, options.perChatPerSecond));
    if (waitMs > 0) {
      this.refused += 1;
      return tooManyRequests(Math.max(1, Math.ceil(waitMs / 1000)));
    }
    this.admitted.push({ method, chatId, at: now });
    this.lastByChat.set(chatId, now);
    return undefined;
  }

  /** How long until the oldest send in the current second leaves the window, when it is full. */
  private botWaitMs(now: number, perSecond: number): number {
    while (this.windowStart < this.admitted.length && this.admitted[this.windowStart].at <= now - WINDOW_MS) this.windowStart += 1;
    const inWindow = this.admitted.length - this.windowStart;
    if (inWindow < perSecond) return 0;
    return this.admitted[this.admitted.length - perSecond].at + WINDOW_MS - now;
  }

  private chatWaitMs(now: number, chatId: string, perChatPerSecond: number): number {
    if (perChatPerSecond <= 0) return 0;
    const last = this.lastByChat.get(chatId);
    if (last === undefined) return 0;
    return Math.max(0, last + WINDOW_MS / perChatPerSecond - now);
  }
}
