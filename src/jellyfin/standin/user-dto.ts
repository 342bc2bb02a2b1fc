/** `UserManager.GetUserDto`, and the user lookups every user route shares. */
import type { Caller } from './auth.ts';
import { configurationOutput } from './configuration.ts';
import { policyOutput } from './policy.ts';
import type { StandinState, StoredUser } from './state.ts';
import type { StandinVersion } from './types.ts';
import { EMPTY_GUID, exception, formatDate, withoutNulls } from './wire.ts';

export function userDto(state: StandinState, user: StoredUser, version: StandinVersion): Record<string, unknown> {
  const hasPassword = user.password !== null;
  return withoutNulls({
    Name: user.name,
    ServerId: state.serverId,
    Id: user.id,
    HasPassword: hasPassword,
    HasConfiguredPassword: hasPassword,
    HasConfiguredEasyPassword: false,
    EnableAutoLogin: false,
    LastLoginDate: user.lastLoginDate === null ? null : formatDate(user.lastLoginDate),
    LastActivityDate: user.lastActivityDate === null ? null : formatDate(user.lastActivityDate),
    Configuration: configurationOutput(user.configuration, version, state.configurationExtras),
    Policy: policyOutput(user.policy, version, state.policyExtras),
  });
}

/** `GetUserById`: Guid.Empty is an ArgumentException (400); unknown ids give undefined. */
export function lookUpUser(state: StandinState, id: string): StoredUser | undefined {
  if (id === EMPTY_GUID) throw exception(400);
  return state.userById(id);
}

/** `userId ?? User.GetUserId()`: the routes that default to the caller (an API key has no user). */
export function targetUserId(caller: Caller, explicitId: string | undefined): string {
  return explicitId ?? caller.userId;
}

/**
 * `RequestHelpers.AssertCanUpdateUser` from 10.9: yourself or an admin; with `restrictUserPreferences`
 * a non-admin also needs EnableUserPreferenceAccess.
 */
export function canUpdateUser(caller: Caller, user: StoredUser, restrictUserPreferences: boolean): boolean {
  if (user.id !== caller.userId && !caller.isAdmin) return false;
  if (!restrictUserPreferences || caller.isAdmin) return true;
  return user.policy.EnableUserPreferenceAccess === true;
}

/**
 * The 10.8 version works on the calling *user*: an API key has none and crashes (500), and the
 * preference flag is demanded even of admins.
 */
export function canUpdateUserOn108(caller: Caller, targetId: string, restrictUserPreferences: boolean): boolean {
  const self = caller.user;
  if (!self) throw exception(500);
  const isAdmin = self.policy.IsAdministrator === true;
  if (targetId !== caller.userId && !isAdmin) return false;
  return !(restrictUserPreferences && self.policy.EnableUserPreferenceAccess !== true);
}
