import { GrammyError } from 'grammy';
import type { Reply } from '../../commands/reply.ts';
import { ChatDeliveryError, type ChatDelivery, type DirectSendOptions } from '../../src/chat/delivery.ts';
import { withoutPayload } from './errors.ts';
import { renderReply } from './render.ts';
import type { TelegramSender } from './send.ts';

/**
 * Direct sends to one Telegram user (a PIN, an invite link, a secret asked for in a group): the
 * user's private chat has the same id as the user. Telegram refuses a chat the user never opened
 * and a user who blocked the bot; those are `closed`, everything else (network, 5xx) `unavailable`.
 */
export class TelegramDelivery implements ChatDelivery {
  readonly platform = 'telegram' as const;

  /**
   * `reportingSender` talks to Telegram without the auto-retry transformer: with `rateLimits:
   * 'report'` (the outbox) a 429 comes back at once as `rate_limited` with Telegram's retry_after,
   * instead of holding the send for up to minutes. Without it, every send waits 429s out.
   */
  constructor(
    private readonly sender: TelegramSender,
    readonly botHandle: string,
    private readonly reportingSender?: TelegramSender,
  ) {}

  async sendDirect(userId: string, reply: Reply, options?: DirectSendOptions): Promise<void> {
    const chatId = Number(userId);
    if (!Number.isSafeInteger(chatId)) {
      throw new ChatDeliveryError('telegram', 'closed', `"${userId}" is not a Telegram user id.`);
    }
    const sender = options?.rateLimits === 'report' ? (this.reportingSender ?? this.sender) : this.sender;
    try {
      await sender.send({ chatId }, renderReply(reply));
    } catch (error) {
      throw deliveryError(error);
    }
  }
}

/**
 * Telegram's answer as a ChatDeliveryError: who refuses us (`closed`), asks us to slow down
 * (`rate_limited`, a 429 with retry_after) or could not be reached (`unavailable`).
 */
export function deliveryError(error: unknown): ChatDeliveryError {
  if (error instanceof ChatDeliveryError) return error;
  const retryAfter = error instanceof GrammyError && error.error_code === 429 ? error.parameters.retry_after : undefined;
  if (retryAfter !== undefined) {
    return new ChatDeliveryError('telegram', 'rate_limited', error instanceof GrammyError ? error.description : 'Too Many Requests', {
      cause: withoutPayload(error),
      retryAfterMs: retryAfter * 1000,
    });
  }
  if (isClosedChat(error)) {
    return new ChatDeliveryError('telegram', 'closed', (error as GrammyError).description, { cause: withoutPayload(error) });
  }
  const detail = error instanceof GrammyError ? error.description : error instanceof Error ? error.message : String(error);
  return new ChatDeliveryError('telegram', 'unavailable', `Telegram could not be reached: ${detail}`, { cause: withoutPayload(error) });
}

/** 403 (blocked, never started, deactivated) or 400 naming a chat or user Telegram will not give us. */
export function isClosedChat(error: unknown): boolean {
  if (!(error instanceof GrammyError)) return false;
  if (error.error_code === 403) return true;
  return error.error_code === 400 && /chat not found|user not found|peer_id_invalid|chat_id is empty/i.test(error.description);
}
