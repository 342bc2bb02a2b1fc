import type { Config } from '../config/schema.ts';
import type { CheckResult } from '../doctor.ts';

/**
 * `doorman doctor` for Discord: the token, the guild, the privileged intent (only the gateway tells:
 * close code 4014), the bot's permissions and its role above `discord.member_role`. Each problem
 * names the exact place to fix it; the token is never printed.
 */

type DiscordConfig = NonNullable<Config['discord']>;

const PORTAL = 'https://discord.com/developers/applications';
/** Permission bits (Discord's documented values). */
const ADMINISTRATOR = 1n << 3n;
const NEEDED = [
  { bit: 1n << 10n, name: 'View Channels' },
  { bit: 1n << 11n, name: 'Send Messages' },
  { bit: 1n << 31n, name: 'Use Application Commands' },
] as const;
const MANAGE_ROLES = { bit: 1n << 28n, name: 'Manage Roles' } as const;

interface Role {
  id: string;
  name: string;
  position: number;
  permissions: string;
}

interface DiscordAnswer {
  status: number;
  body: { code?: number; message?: string; [key: string]: unknown } | null;
}

export interface DiscordDoctorOptions {
  /** How long the gateway check waits for a session (default 15 s). */
  gatewayTimeoutMs?: number;
}

export async function checkDiscord(discord: DiscordConfig, options: DiscordDoctorOptions = {}): Promise<CheckResult[]> {
  const get = restGetter(discord);
  const me = await checkToken(discord, get);
  if (me.result.status !== 'ok' || !me.botId) return [me.result];
  const results = [me.result, await checkGateway(discord, options.gatewayTimeoutMs)];
  if (!discord.guild_id) {
    results.push(discord.member_role
      ? { name: 'discord guild', status: 'FAIL', detail: 'discord.member_role is set but discord.guild_id is not', fix: 'set discord.guild_id to your server\'s id (Discord, Developer Mode on: right-click the server → Copy Server ID)' }
      : { name: 'discord guild', status: 'ok', detail: 'discord.guild_id is not set: every command is registered globally, no member role' });
    return results;
  }
  const guild = await checkGuild(discord, discord.guild_id, get);
  results.push(guild.result);
  if (guild.result.status !== 'ok') return results;
  const roles = (await get(`/guilds/${discord.guild_id}/roles`)).body as unknown as Role[];
  const member = (await get(`/guilds/${discord.guild_id}/members/${me.botId}`)).body as unknown as { roles: string[] };
  const botRoles = roles.filter((role) => role.id === discord.guild_id || member.roles.includes(role.id));
  results.push(checkPermissions(discord, guild.name, botRoles));
  if (discord.member_role) results.push(checkRoleOrder(discord.member_role, roles, botRoles));
  return results;
}

function restGetter(discord: DiscordConfig): (path: string) => Promise<DiscordAnswer> {
  return async (path) => {
    const response = await fetch(`${discord.api_root}/v10${path}`, { headers: { authorization: `Bot ${discord.token}` }, signal: AbortSignal.timeout(10_000) });
    return { status: response.status, body: (await response.json().catch(() => null)) as DiscordAnswer['body'] };
  };
}

async function checkToken(discord: DiscordConfig, get: (path: string) => Promise<DiscordAnswer>): Promise<{ result: CheckResult; botId?: string }> {
  const name = 'discord token';
  try {
    const { status, body } = await get('/users/@me');
    if (status === 200 && typeof body?.id === 'string') {
      return { result: { name, status: 'ok', detail: `the bot ${String(body.username)} (${body.id}) answers at ${discord.api_root}` }, botId: body.id };
    }
    if (status === 401) {
      return { result: { name, status: 'FAIL', detail: 'Discord refused the token (401)', fix: `set discord.token to the bot's token: ${PORTAL} → your app → Bot → Reset Token (copy it once, it is shown only then)` } };
    }
    return { result: { name, status: 'FAIL', detail: `${discord.api_root} answered ${status}: ${body?.message ?? 'not a Discord answer'}`, fix: 'check discord.api_root (the REST base without /v10, default https://discord.com/api)' } };
  } catch (error) {
    return { result: { name, status: 'FAIL', detail: `cannot reach ${discord.api_root}: ${messageOf(error)}`, fix: 'check discord.api_root and that this machine can reach it' } };
  }
}

async function checkGateway(discord: DiscordConfig, timeoutMs: number | undefined): Promise<CheckResult> {
  const name = 'discord intents';
  const { probeGateway } = await import('../../adapters/discord/doctor-checks.ts');
  const probe = await probeGateway(discord, timeoutMs);
  if (probe.ok) return { name, status: 'ok', detail: 'the gateway accepts Guilds, GuildMembers (Server Members Intent) and DirectMessages' };
  if (probe.disallowedIntents) {
    return {
      name, status: 'FAIL',
      detail: 'Discord closed the gateway with 4014 (disallowed intents): the privileged Server Members Intent (GuildMembers) is off',
      fix: `${PORTAL} → your app → Bot → Privileged Gateway Intents → turn on "Server Members Intent", then Save Changes`,
    };
  }
  return { name, status: 'FAIL', detail: `the gateway refused the bot: ${probe.message}`, fix: 'check discord.token and discord.api_root; Discord\'s status page if they look right' };
}

async function checkGuild(discord: DiscordConfig, guildId: string, get: (path: string) => Promise<DiscordAnswer>): Promise<{ result: CheckResult; name: string }> {
  const { status, body } = await get(`/guilds/${guildId}`);
  if (status === 200) return { result: { name: 'discord guild', status: 'ok', detail: `the bot is in the server "${String(body?.name)}" (${guildId})` }, name: String(body?.name) };
  const invite = `https://discord.com/oauth2/authorize?client_id=${discord.application_id}&scope=bot+applications.commands&permissions=${neededBits(discord).toString()}`;
  return {
    result: {
      name: 'discord guild', status: 'FAIL',
      detail: `the bot is not in the server ${guildId} (Discord answered ${status}${body?.code ? ` ${body.code}` : ''})`,
      fix: `add the bot to the server: open ${invite} and pick the server; or correct discord.guild_id (Developer Mode on: right-click the server → Copy Server ID)`,
    },
    name: '',
  };
}

function neededBits(discord: DiscordConfig): bigint {
  return [...NEEDED, ...(discord.member_role ? [MANAGE_ROLES] : [])].reduce((bits, permission) => bits | permission.bit, 0n);
}

/** The bot's permissions in the guild: @everyone's plus every role it holds (channel overwrites aside). */
function checkPermissions(discord: DiscordConfig, guildName: string, botRoles: Role[]): CheckResult {
  const name = 'discord permissions';
  const granted = botRoles.reduce((bits, role) => bits | BigInt(role.permissions), 0n);
  const wanted = [...NEEDED, ...(discord.member_role ? [MANAGE_ROLES] : [])];
  const missing = (granted & ADMINISTRATOR) !== 0n ? [] : wanted.filter((permission) => (granted & permission.bit) === 0n);
  if (missing.length === 0) return { name, status: 'ok', detail: `the bot may ${wanted.map((permission) => permission.name).join(', ')} in "${guildName}"` };
  const own = highest(botRoles.filter((role) => role.id !== discord.guild_id));
  const where = own ? `the role "${own.name}"` : 'a role for the bot (it has none but @everyone)';
  const names = missing.map((permission) => permission.name).join(', ');
  return {
    name, status: 'FAIL',
    detail: `the bot lacks ${names} in "${guildName}"`,
    fix: `in Discord: Server Settings → Roles → ${where} → Permissions → turn on ${names}, then Save Changes`,
  };
}

/** Discord lets a bot give only roles strictly below its own highest role. */
function checkRoleOrder(memberRoleId: string, roles: Role[], botRoles: Role[]): CheckResult {
  const name = 'discord role order';
  const memberRole = roles.find((role) => role.id === memberRoleId);
  if (!memberRole) {
    return { name, status: 'FAIL', detail: `discord.member_role ${memberRoleId} is not a role of the server`, fix: 'set discord.member_role to the role\'s id: Server Settings → Roles → ⋯ next to the role → Copy Role ID (Developer Mode on), in quotes' };
  }
  const top = highest(botRoles);
  if (top && top.position > memberRole.position) {
    return { name, status: 'ok', detail: `the bot's role "${top.name}" sits above "${memberRole.name}", so it can give it` };
  }
  const botRole = top && top.position > 0 ? `"${top.name}"` : 'the bot\'s role';
  return {
    name, status: 'FAIL',
    detail: `the bot's highest role ${top ? `"${top.name}"` : '(none)'} is not above the member role "${memberRole.name}", so Discord refuses to give it (50013)`,
    fix: `in Discord: Server Settings → Roles → drag ${botRole} above "${memberRole.name}", then Save Changes`,
  };
}

function highest(roles: Role[]): Role | undefined {
  return roles.reduce<Role | undefined>((top, role) => (!top || role.position > top.position ? role : top), undefined);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
