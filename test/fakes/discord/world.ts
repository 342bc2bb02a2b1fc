/** Discord's epoch (2015-01-01) in ms: snowflakes carry their creation time, which discord.js reads. */
const DISCORD_EPOCH = 1_420_070_400_000n;

/** Hands out increasing snowflakes, so ids sort by creation like real ones. */
export class Snowflakes {
  private counter = 0n;

  next(): string {
    this.counter += 1n;
    return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | (this.counter & 0xfffn)).toString();
  }
}

/** A Discord user as the stand-in knows it; only `id` and `username` are required. */
export interface StandinUser {
  id: string;
  username: string;
  global_name?: string | null;
  bot?: boolean;
  /** The language the person's Discord client is set to (interactions' `locale`); default en-US. */
  locale?: string;
}

export interface StandinRole {
  id: string;
  name: string;
  /** Higher sits above; @everyone is 0. */
  position: number;
  /** Permission bits as a decimal string; default '0'. */
  permissions?: string;
}

export interface StandinMember {
  user: StandinUser;
  roles: string[];
  nick?: string | null;
}

export interface StandinGuild {
  id: string;
  name: string;
  /** The @everyone role (id = guild id, position 0) is added when missing. */
  roles: StandinRole[];
  /** The bot is added as a member when missing, with `botRoles`. */
  members: StandinMember[];
  /** Role ids the bot holds (used when the bot is not listed in `members`). */
  botRoles?: string[];
  /** Text channels; default one `general` channel. */
  channels?: { id: string; name: string }[];
  ownerId?: string;
}

export function userPayload(user: StandinUser): Record<string, unknown> {
  return {
    id: user.id,
    username: user.username,
    global_name: user.global_name ?? null,
    discriminator: '0',
    avatar: null,
    bot: user.bot ?? false,
    public_flags: 0,
  };
}

export function rolePayload(role: StandinRole): Record<string, unknown> {
  return {
    id: role.id,
    name: role.name,
    color: 0,
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position: role.position,
    permissions: role.permissions ?? '0',
    managed: false,
    mentionable: false,
    flags: 0,
  };
}

export function memberPayload(member: StandinMember, joinedAt: string): Record<string, unknown> {
  return {
    user: userPayload(member.user),
    nick: member.nick ?? null,
    avatar: null,
    roles: [...member.roles],
    joined_at: joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
  };
}

/** The guild with @everyone, the bot member and a default channel filled in. */
export function completeGuild(guild: StandinGuild, bot: StandinUser, ids: Snowflakes): StandinGuild {
  const roles = guild.roles.some((role) => role.id === guild.id)
    ? [...guild.roles]
    : [{ id: guild.id, name: '@everyone', position: 0, permissions: '0' }, ...guild.roles];
  const members = guild.members.some((member) => member.user.id === bot.id)
    ? guild.members.map((member) => ({ ...member, roles: [...member.roles] }))
    : [...guild.members.map((member) => ({ ...member, roles: [...member.roles] })), { user: bot, roles: [...(guild.botRoles ?? [])] }];
  const channels = guild.channels ?? [{ id: ids.next(), name: 'general' }];
  return { ...guild, roles, members, channels };
}

/** The highest position among the member's roles (0 = only @everyone). */
export function highestPosition(guild: StandinGuild, userId: string): number {
  const member = guild.members.find((candidate) => candidate.user.id === userId);
  if (!member) return 0;
  return Math.max(0, ...guild.roles.filter((role) => member.roles.includes(role.id)).map((role) => role.position));
}

export function guildCreatePayload(guild: StandinGuild, botId: string, joinedAt: string): Record<string, unknown> {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: guild.ownerId ?? guild.members.find((member) => member.user.id !== botId)?.user.id ?? botId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: guild.roles.map(rolePayload),
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    joined_at: joinedAt,
    large: false,
    unavailable: false,
    member_count: guild.members.length,
    voice_states: [],
    members: guild.members.map((member) => memberPayload(member, joinedAt)),
    channels: (guild.channels ?? []).map((channel, index) => textChannelPayload(channel, guild.id, index)),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
  };
}

function textChannelPayload(channel: { id: string; name: string }, guildId: string, position: number): Record<string, unknown> {
  return {
    id: channel.id,
    type: 0,
    guild_id: guildId,
    name: channel.name,
    position,
    permission_overwrites: [],
    nsfw: false,
    topic: null,
    last_message_id: null,
    parent_id: null,
    rate_limit_per_user: 0,
  };
}
