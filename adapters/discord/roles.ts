import { DiscordAPIError, Routes, type REST } from 'discord.js';

/** Discord's "Missing Permissions", "Unknown Member" and "Unknown Role" codes. */
export const MISSING_PERMISSIONS = 50013;
export const UNKNOWN_MEMBER = 10007;
export const UNKNOWN_ROLE = 10011;

/** Where the role lives: the configured guild and `discord.member_role`. */
export interface MemberRoleTarget {
  guildId: string;
  roleId: string;
}

/**
 * Gives the member role (PUT /guilds/{g}/members/{u}/roles/{r}). A refusal becomes an Error whose
 * message says what the admin must change; the core logs it and passes it on to the admins.
 */
export async function giveMemberRole(rest: REST, target: MemberRoleTarget, userId: string): Promise<void> {
  try {
    await rest.put(Routes.guildMemberRole(target.guildId, userId, target.roleId), { reason: 'Linked to a Jellyfin account in Doorman' });
  } catch (error) {
    throw new Error(roleFailureMessage(error, target), { cause: error });
  }
}

export function roleFailureMessage(error: unknown, target: MemberRoleTarget): string {
  const role = `the member role (discord.member_role ${target.roleId})`;
  if (error instanceof DiscordAPIError) {
    if (error.code === MISSING_PERMISSIONS) {
      return `Discord refused to give ${role}: Missing Permissions. Fix: in Discord, Server Settings → Roles, drag the bot's role above the member role, and give the bot's role the Manage Roles permission.`;
    }
    if (error.code === UNKNOWN_MEMBER) {
      return `Discord could not give ${role}: this user is not a member of the server ${target.guildId}. Fix: invite them to the server; the role can then be given by hand (or by linking again).`;
    }
    if (error.code === UNKNOWN_ROLE) {
      return `Discord could not give ${role}: the server ${target.guildId} has no such role. Fix: set discord.member_role to the role's id (Server Settings → Roles → ⋯ → Copy Role ID, with Developer Mode on).`;
    }
    return `Discord refused to give ${role}: ${error.message} (code ${String(error.code)}).`;
  }
  const detail = error instanceof Error ? error.message : String(error);
  return `Discord could not be reached to give ${role}: ${detail}. Give the role by hand, or link again later.`;
}
