import type { Reply } from '../../commands/reply.ts';
import type { Platform } from './types.ts';

/**
 * Direct sends to one person, awaited (a PIN, an invite link). One implementation per platform,
 * registered by its adapter once started; the core looks it up by platform.
 */
export interface ChatDelivery {
  readonly platform: Platform;
  /** The bot's handle without `@` (`DoormanBot`), for "send /start to @DoormanBot" and deep links. */
  readonly botHandle?: string;
  /**
   * Sends the reply to the user's private chat. Throws ChatDeliveryError when the platform refuses
   * (the user blocked the bot, never started it, the chat does not exist) or cannot be reached.
   */
  sendDirect(userId: string, reply: Reply, options?: DirectSendOptions): Promise<void>;
  /**
   * Posts to a room or channel the bot is in (admin notices: `matrix.admin_room`, a Discord channel);
   * failures as in sendDirect. Absent where sendDirect reaches groups as well (Telegram: a group's chat id).
   * The outbox uses it for targets written `room:<id>` (and Matrix room ids, `!…`).
   */
  sendToRoom?(roomId: string, reply: Reply, options?: DirectSendOptions): Promise<void>;
  /**
   * Finds a person who never wrote to the bot, by the handle they typed on the page: a Discord
   * username (guild member search) or id, a Matrix user id. Null when there is no such person.
   * Absent on platforms where the bot can only know people who wrote to it first (Telegram).
   */
  lookupHandle?(handle: string): Promise<{ userId: string; handle: string } | null>;
  /**
   * Called after this person's chat account was bound to a Doorman account (sign-up, `/link`, an
   * admin's `user link`): Discord gives `discord.member_role` here. A rejection never undoes the link;
   * the core logs it and tells the admins.
   */
  onLinked?(userId: string): Promise<void>;
}

/**
 * How a direct send treats the platform's rate limits. `wait` (the default, for a caller who waits
 * for the outcome): the adapter waits them out. `report` (the outbox): a rate-limit answer is thrown
 * at once as ChatDeliveryError `rate_limited` with `retryAfterMs`, so the outbox reschedules instead.
 */
export interface DirectSendOptions {
  rateLimits?: 'wait' | 'report';
}

/**
 * `closed`: the platform refuses to deliver to this person; `unavailable`: the platform could not be
 * reached; `rate_limited`: the platform asked to wait `retryAfterMs` first (only with `rateLimits: 'report'`).
 */
export type DeliveryFailure = 'closed' | 'unavailable' | 'rate_limited';

export class ChatDeliveryError extends Error {
  override readonly name = 'ChatDeliveryError';
  /** For `rate_limited`: how long the platform asked to wait (milliseconds). */
  readonly retryAfterMs: number | undefined;

  constructor(
    readonly platform: Platform,
    readonly failure: DeliveryFailure,
    message: string,
    options?: { cause?: unknown; retryAfterMs?: number },
  ) {
    super(message, options);
    this.retryAfterMs = options?.retryAfterMs;
  }
}

export function isChatDeliveryError(value: unknown): value is ChatDeliveryError {
  return value instanceof ChatDeliveryError;
}

/** The deliveries of the adapters that are running; the app hands the same instance to core and adapters. */
export class ChatDeliveries {
  private readonly byPlatform = new Map<Platform, ChatDelivery>();

  /** Registers (or replaces) the platform's delivery; returns the function that removes it again. */
  register(delivery: ChatDelivery): () => void {
    this.byPlatform.set(delivery.platform, delivery);
    return () => {
      if (this.byPlatform.get(delivery.platform) === delivery) this.byPlatform.delete(delivery.platform);
    };
  }

  get(platform: Platform): ChatDelivery | undefined {
    return this.byPlatform.get(platform);
  }

  platforms(): Platform[] {
    return [...this.byPlatform.keys()];
  }
}
