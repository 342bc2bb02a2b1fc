import { CommandStore } from './commands.ts';
import { Recording } from './recording.ts';
import { memberPayload, Snowflakes, type StandinGuild, type StandinUser } from './world.ts';

/** A message the bot created or edited successfully (a channel message, an interaction reply or a follow-up). */
export interface SentMessage {
  channelId: string;
  messageId: string;
  /** The JSON body the bot sent (content, embeds, components, flags, …), merged over earlier edits. */
  body: Record<string, unknown>;
  content: string;
  /** The message object the stand-in answered with. */
  message: Record<string, unknown>;
  /** Set when the message belongs to an interaction (its reply or a follow-up). */
  interactionId?: string;
  at: Date;
}

/** An interaction the stand-in dispatched, with what the bot did about it. */
export interface InteractionRecord {
  id: string;
  token: string;
  type: number;
  user: StandinUser;
  channelId: string;
  guildId: string | undefined;
  /** The callback type the bot answered with (4, 5, 6, 7, 9…); undefined until it answered. */
  callbackType: number | undefined;
  ephemeral: boolean;
  original: SentMessage | undefined;
  /** For a component interaction: the message the component sits on. */
  sourceMessageId?: string;
}

/** Everything the REST routes and the helpers share. */
export class StandinState {
  readonly recording = new Recording();
  readonly users = new Map<string, StandinUser>();
  readonly dmChannels = new Map<string, string>();
  readonly dmsClosed = new Set<string>();
  readonly interactions = new Map<string, InteractionRecord>();
  readonly sent: SentMessage[] = [];
  readonly commands: CommandStore;
  readonly startedAt = new Date().toISOString();

  constructor(
    readonly token: string,
    readonly appId: string,
    readonly bot: StandinUser,
    readonly guild: StandinGuild | undefined,
    readonly ids: Snowflakes = new Snowflakes(),
  ) {
    this.commands = new CommandStore(appId, this.ids);
    this.users.set(bot.id, bot);
    for (const member of guild?.members ?? []) this.users.set(member.user.id, member.user);
  }

  /** The user's DM channel id, created on first use (as POST /users/@me/channels does). */
  dmChannelOf(userId: string): string {
    let channelId = this.dmChannels.get(userId);
    if (!channelId) {
      channelId = this.ids.next();
      this.dmChannels.set(userId, channelId);
    }
    return channelId;
  }

  dmChannelPayload(userId: string): Record<string, unknown> {
    const user = this.users.get(userId) ?? { id: userId, username: `user${userId}` };
    return { id: this.dmChannelOf(userId), type: 1, last_message_id: null, flags: 0, recipients: [userPayloadOf(user)] };
  }

  /** The user whose DM channel this is, if it is one. */
  dmRecipient(channelId: string): string | undefined {
    for (const [userId, id] of this.dmChannels) if (id === channelId) return userId;
    return undefined;
  }

  member(userId: string): ReturnType<typeof memberPayload> | undefined {
    const member = this.guild?.members.find((candidate) => candidate.user.id === userId);
    return member ? memberPayload(member, this.startedAt) : undefined;
  }

  /** Permission bits of a guild member: the union of their roles' (and @everyone's) permissions. */
  permissionsOf(userId: string): bigint {
    const member = this.guild?.members.find((candidate) => candidate.user.id === userId);
    if (!this.guild) return 0n;
    const held = new Set([this.guild.id, ...(member?.roles ?? [])]);
    return this.guild.roles.filter((role) => held.has(role.id)).reduce((bits, role) => bits | BigInt(role.permissions ?? '0'), 0n);
  }

  /** A full message object, as Discord answers message creation and edits. */
  messagePayload(channelId: string, messageId: string, body: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
    const guildId = this.dmRecipient(channelId) ? undefined : this.guild?.id;
    return {
      id: messageId,
      channel_id: channelId,
      ...(guildId ? { guild_id: guildId } : {}),
      author: userPayloadOf(this.bot),
      content: typeof body.content === 'string' ? body.content : '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: Array.isArray(body.embeds) ? body.embeds : [],
      components: Array.isArray(body.components) ? body.components : [],
      pinned: false,
      type: 0,
      flags: typeof body.flags === 'number' ? body.flags : 0,
      ...extra,
    };
  }

  /** Records a created message (or an edit of one already recorded) and returns it. */
  recordSent(channelId: string, messageId: string, body: Record<string, unknown>, extra: Record<string, unknown> = {}, interactionId?: string): SentMessage {
    const existing = this.sent.find((message) => message.messageId === messageId);
    const merged = { ...(existing?.body ?? {}), ...body };
    const message = this.messagePayload(channelId, messageId, merged, extra);
    const entry: SentMessage = { channelId, messageId, body: merged, content: String(message.content), message, interactionId, at: new Date() };
    if (existing) Object.assign(existing, entry);
    else this.sent.push(entry);
    return existing ?? entry;
  }

  interactionByToken(token: string): InteractionRecord | undefined {
    for (const interaction of this.interactions.values()) if (interaction.token === token) return interaction;
    return undefined;
  }
}

function userPayloadOf(user: StandinUser): Record<string, unknown> {
  return { id: user.id, username: user.username, global_name: user.global_name ?? null, discriminator: '0', avatar: null, bot: user.bot ?? false };
}
