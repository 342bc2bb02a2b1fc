import { DiscordAPIError, Routes, type Client } from 'discord.js';
import type { Reply } from '../../commands/reply.ts';
import { ChatDeliveryError, type ChatDelivery } from '../../src/chat/delivery.ts';
import { lookUpDiscordUser } from './lookup.ts';
import { renderReply } from './render.ts';
import { giveMemberRole } from './roles.ts';

/** Discord's error code for "Cannot send messages to this user" (DMs closed, no shared server, blocked). */
export const DMS_CLOSED = 50007;

/** Unknown channel, missing access, missing permissions: posting there will not work on a retry. */
const CHANNEL_REFUSALS = [10003, 50001, 50013];

/** The parts of the `discord` config the delivery acts on. */
export interface DiscordDeliveryOptions {
  /** `discord.guild_id`: where usernames are searched and the member role is given. */
  guildId?: string;
  /** `discord.member_role`: given when a Discord account is linked to a Doorman account. */
  memberRole?: string;
}

/**
 * Direct sends to one Discord user (a PIN, an invite link) through their DM channel. Discord's 50007
 * (and an unknown user, 10013) are `closed`; everything else (network, 5xx) `unavailable`. Also finds
 * users by the handle typed on the page, and gives the member role once someone is linked.
 */
export class DiscordDelivery implements ChatDelivery {
  readonly platform = 'discord' as const;

  constructor(
    private readonly client: Client,
    readonly botHandle: string | undefined,
    private readonly options: DiscordDeliveryOptions = {},
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

  /** Posts in a channel (admin notices to `notify.admin_channels`); an unknown or forbidden channel is `closed`. */
  async sendToRoom(channelId: string, reply: Reply): Promise<void> {
    if (!/^\d{1,20}$/.test(channelId)) throw new ChatDeliveryError('discord', 'closed', `"${channelId}" is not a Discord channel id.`);
    try {
      for (const content of renderReply(reply)) {
        await this.client.rest.post(Routes.channelMessages(channelId), { body: { content, allowed_mentions: { parse: [] } } });
      }
    } catch (error) {
      if (error instanceof DiscordAPIError && CHANNEL_REFUSALS.includes(Number(error.code))) {
        throw new ChatDeliveryError('discord', 'closed', `Discord refuses a message in channel ${channelId} (check notify.admin_channels and the bot's access to it): ${error.message}`, { cause: error });
      }
      throw deliveryError(error);
    }
  }

  /** An id (GET /users/{id}) or a username, matched exactly among the guild's members. */
  lookupHandle(handle: string): Promise<{ userId: string; handle: string } | null> {
    return lookUpDiscordUser(this.client.rest, this.options.guildId, handle);
  }

  /** Gives `discord.member_role` in the guild (nothing to do when either is not configured). */
  async onLinked(userId: string): Promise<void> {
    const { guildId, memberRole } = this.options;
    if (!guildId || !memberRole) return;
    await giveMemberRole(this.client.rest, { guildId, roleId: memberRole }, userId);
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
