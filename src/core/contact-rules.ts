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
      throw withCause(new DomainError('dm_closed', dmClosedMessage(platform, delivery.botHandle)), error);
    }
    throw withCause(new DomainError('chat_unavailable', `${name} did not take the message, so nothing was sent. Please try again in a minute.`, { retryable: true }), error);
  }
}

/** What to do when a platform refuses a DM: Discord's switch is a privacy setting, not /start. */
export function dmClosedMessage(platform: Platform, botHandle: string | undefined): string {
  const bot = botHandle ? `@${botHandle}` : 'the bot';
  if (platform === 'discord') {
    return `Discord did not let ${bot} send a direct message to this account: its direct messages from server members are off (or it shares no server with the bot). Allow them in Discord — User Settings → Privacy & Safety → "Allow direct messages from server members", or just for this server: the server's name → Privacy Settings → Direct Messages — then try again.`;
  }
  return `${PLATFORM_NAMES[platform]} did not let ${bot} message this account: open a chat with ${bot}, send /start (and unblock it if needed), then try again.`;
}

/** A chat account first seen now, not linked, notices on. */
export function newIdentityRow(platform: Platform, userId: string, handle: string | null, now: string) {
  return { platform, user_id: userId, handle, handle_key: handle ? handleKey(handle) : null, lang: null, notify: 1, jellyfin_user_id: null, linked_at: null, first_seen_at: now, last_seen_at: now };
}
