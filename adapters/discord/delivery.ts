import { DiscordAPIError, type Client } from 'discord.js';
import type { Reply } from '../../commands/reply.ts';
import { ChatDeliveryError, type ChatDelivery } from '../../src/chat/delivery.ts';
import { renderReply } from './render.ts';

/** Discord's error code for "Cannot send messages to this user" (DMs closed, no shared server, blocked). */
export const DMS_CLOSED = 50007;

/**
 * Direct sends to one Discord user (a PIN, an invite link) through their DM channel. Discord's 50007
 * (and an unknown user, 10013) are `closed`; everything else (network, 5xx) `unavailable`.
 */
export class DiscordDelivery implements ChatDelivery {
  readonly platform = 'discord' as const;

  constructor(
    private readonly client: Client,
    readonly botHandle: string | undefined,
  ) {}

  async sendDirect(userId: string, reply: Reply): Promise<void> {
    if (!/^\d{1,20}$/.test(userId)) throw new ChatDeliveryError('discord', 'closed', `"${userId}" is not a Discord user id.`);
    try {
      for (const content of renderReply(reply)) {
        await this.client.users.send(userId, { content, allowedMentions: { parse: [] } });
      }
    } catch (error) {
      throw deliveryError(error);
    }
  }
}

export function deliveryError(error: unknown): ChatDeliveryError {
  if (error instanceof ChatDeliveryError) return error;
  if (error instanceof DiscordAPIError && (error.code === DMS_CLOSED || error.code === 10013)) {
    return new ChatDeliveryError('discord', 'closed', `Discord refuses a direct message to this user: ${error.message}`, { cause: error });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new ChatDeliveryError('discord', 'unavailable', `Discord could not be reached: ${detail}`, { cause: error });
}
