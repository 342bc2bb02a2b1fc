import { missingPermissions, notFound } from './errors.ts';
import { noContent, ok, type Route, type RouteAnswer, type RouteContext } from './route.ts';
import { guildCreatePayload, highestPosition, memberPayload, rolePayload, type StandinGuild, type StandinMember } from './world.ts';

const ADMINISTRATOR = 1n << 3n;
const MANAGE_ROLES = 1n << 28n;

function guildOf({ state, params }: RouteContext): StandinGuild {
  if (!state.guild || state.guild.id !== params.guild) throw notFound('Guild', 10004);
  return state.guild;
}

function memberOf(guild: StandinGuild, userId: string): StandinMember {
  const member = guild.members.find((candidate) => candidate.user.id === userId);
  if (!member) throw notFound('Member', 10007);
  return member;
}

/** Discord's rule: Manage Roles (or Administrator), and the role strictly below the bot's highest role. */
function changeRole(context: RouteContext, add: boolean, onChange: (guild: StandinGuild, member: StandinMember) => void): RouteAnswer {
  const guild = guildOf(context);
  const member = memberOf(guild, context.params.user);
  const role = guild.roles.find((candidate) => candidate.id === context.params.role);
  if (!role) throw notFound('Role', 10011);
  const permissions = context.state.permissionsOf(context.state.bot.id);
  const mayManage = (permissions & (ADMINISTRATOR | MANAGE_ROLES)) !== 0n;
  if (!mayManage || highestPosition(guild, context.state.bot.id) <= role.position) throw missingPermissions();
  const has = member.roles.includes(role.id);
  if (add && !has) member.roles.push(role.id);
  if (!add && has) member.roles.splice(member.roles.indexOf(role.id), 1);
  if (add !== has) onChange(guild, member);
  return noContent();
}

function searchMembers(context: RouteContext): RouteAnswer {
  const guild = guildOf(context);
  const query = (context.query.query ?? '').toLowerCase();
  const limit = Number(context.query.limit ?? 1) || 1;
  const found = guild.members.filter((member) =>
    [member.user.username, member.user.global_name ?? '', member.nick ?? ''].some((name) => name.toLowerCase().startsWith(query)),
  );
  return ok(found.slice(0, limit).map((member) => memberPayload(member, context.state.startedAt)));
}

/** The configured guild: itself, roles, members (one, search, list) and member role changes. */
export function guildRoutes(memberChanged: (guild: StandinGuild, member: StandinMember) => void): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/guilds/:guild',
      handle: (context) => {
        const { members: _members, channels: _channels, ...guild } = guildCreatePayload(guildOf(context), context.state.bot.id, context.state.startedAt);
        return ok({ ...guild, approximate_member_count: guildOf(context).members.length });
      },
    },
    { method: 'GET', pattern: '/guilds/:guild/roles', handle: (context) => ok(guildOf(context).roles.map(rolePayload)) },
    { method: 'GET', pattern: '/guilds/:guild/members/search', handle: searchMembers },
    {
      method: 'GET',
      pattern: '/guilds/:guild/members/:user',
      handle: (context) => ok(memberPayload(memberOf(guildOf(context), context.params.user), context.state.startedAt)),
    },
    {
      method: 'GET',
      pattern: '/guilds/:guild/members',
      handle: (context) => ok(guildOf(context).members.slice(0, Number(context.query.limit ?? 1) || 1).map((member) => memberPayload(member, context.state.startedAt))),
    },
    { method: 'PUT', pattern: '/guilds/:guild/members/:user/roles/:role', handle: (context) => changeRole(context, true, memberChanged) },
    { method: 'DELETE', pattern: '/guilds/:guild/members/:user/roles/:role', handle: (context) => changeRole(context, false, memberChanged) },
  ];
}
