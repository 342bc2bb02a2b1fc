import type { Reply } from '../../commands/reply.ts';
import { isChatDeliveryError, type ChatDeliveries } from '../chat/delivery.ts';
import { PLATFORM_NAMES, type Platform } from '../chat/types.ts';
import type { Config, ContactMode } from '../config/schema.ts';
import { DomainError } from './errors.ts';
import { withCause } from './failures.ts';

/** A chat account as the core refers to it. */
export interface IdentityRef {
  platform: Platform;
  userId: string;
  handle?: string;
}

/** contacts.<platform> from the config; a platform the config does not mention is off. */
export function contactRule(config: Pick<Config, 'contacts'>, platform: Platform): { mode: ContactMode; unique: boolean } {
  const rules = config.contacts as Partial<Record<Platform, { mode: ContactMode; unique: boolean }>>;
  return rules[platform] ?? { mode: 'off', unique: true };
}

/** `@Alice ` → `alice`: how handles are compared. */
export function handleKey(handle: string): string {
  return handle.trim().replace(/^@/, '').toLowerCase();
}

/** A direct, awaited send; the platform's refusals become dm_closed, its absence chat_unavailable. */
export async function sendDirect(deliveries: ChatDeliveries, platform: Platform, userId: string, reply: Reply): Promise<void> {
  const delivery = deliveries.get(platform);
  const name = PLATFORM_NAMES[platform];
  if (!delivery) throw new DomainError('chat_unavailable', `The ${name} bot is not running right now, so nothing was sent. Please try again later.`, { retryable: true });
  try {
    await delivery.sendDirect(userId, reply);
  } catch (error) {
    if (isChatDeliveryError(error) && error.failure === 'closed') {
      const bot = delivery.botHandle ? `@${delivery.botHandle}` : 'the bot';
      throw withCause(new DomainError('dm_closed', `${name} did not let ${bot} message this account: open a chat with ${bot}, send /start (and unblock it if needed), then try again.`), error);
    }
    throw withCause(new DomainError('chat_unavailable', `${name} did not take the message, so nothing was sent. Please try again in a minute.`, { retryable: true }), error);
  }
}

/** A chat account first seen now, not linked, notices on. */
export function newIdentityRow(platform: Platform, userId: string, handle: string | null, now: string) {
  return { platform, user_id: userId, handle, handle_key: handle ? handleKey(handle) : null, lang: null, notify: 1, jellyfin_user_id: null, linked_at: null, first_seen_at: now, last_seen_at: now };
}
