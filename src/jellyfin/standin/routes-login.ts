/** `POST /Users/AuthenticateByName` and the credential check the password route shares with it. */
import { isPlainObject, readFields } from './fields.ts';
import type { RequestContext, RouteDef } from './route-types.ts';
import { otherSessionCount, sessionInfo } from './sessions.ts';
import type { StandinState, StoredUser } from './state.ts';
import { atLeast, type StandinVersion } from './types.ts';
import { userDto } from './user-dto.ts';
import { exception, json, validationFailure } from './wire.ts';

function passwordMatches(user: StoredUser, password: string | null | undefined): boolean {
  if (user.password === null) return !password;
  return user.password === password;
}

/** A failed attempt counts; reaching LoginAttemptsBeforeLockout (−1: never) disables the user. */
function countFailure(user: StoredUser): void {
  const count = Number(user.policy.InvalidLoginAttemptCount ?? 0) + 1;
  user.policy.InvalidLoginAttemptCount = count;
  const limit = Number(user.policy.LoginAttemptsBeforeLockout ?? -1);
  if (limit !== -1 && count >= limit) user.policy.IsDisabled = true;
}

/**
 * `UserManager.AuthenticateUser`: a blank name is a 400, an unknown one a 401, a disabled account a
 * 403 whatever the password. Returns null for a wrong password (after counting it).
 */
export function authenticateUser(
  state: StandinState,
  username: string | null | undefined,
  password: string | null | undefined,
  options: { now: number; isUserSession: boolean },
): StoredUser | null {
  if (!username || username.trim() === '') throw exception(400);
  const user = state.userByName(username);
  if (!user) throw exception(401);
  const success = passwordMatches(user, password);
  if (state.isDisabled(user)) throw exception(403);
  if (!success) {
    countFailure(user);
    return null;
  }
  if (options.isUserSession) user.lastLoginDate = user.lastActivityDate = options.now;
  user.policy.InvalidLoginAttemptCount = 0;
  return user;
}

interface DeviceHeader {
  client: string;
  deviceName: string;
  deviceId: string;
  appVersion: string;
}

/** 10.9+ refuse a login whose header lacks Client, Device, DeviceId or Version up front (400). */
function deviceFromHeader(context: RequestContext): DeviceHeader | null {
  const { client, device, deviceId, version } = context.header;
  if (!client || !device || !deviceId || !version) return null;
  return { client, deviceName: device, deviceId, appVersion: version };
}

function bindCredentials(body: unknown, version: StandinVersion): { username?: string | null; pw?: string | null } {
  if (!isPlainObject(body)) throw validationFailure(version, { $: ['The JSON value could not be converted to AuthenticateUserByName.'] });
  const fields = [
    { name: 'Username', kind: 'string' as const },
    { name: 'Pw', kind: 'string' as const },
  ];
  const { values, errors } = readFields(fields, body);
  if (Object.keys(errors).length > 0) throw validationFailure(version, errors);
  return { username: values.Username as string | null | undefined, pw: values.Pw as string | null | undefined };
}

function logIn(context: RequestContext) {
  const { state, version, now } = context;
  const credentials = bindCredentials(context.body, version);
  const device = deviceFromHeader(context);
  if (!device && atLeast(version, '10.9')) throw exception(400);
  const user = authenticateUser(state, credentials.username, credentials.pw, { now, isUserSession: true });
  if (!user) throw exception(401);
  // 10.8 did not check the header; the device row's NOT NULL columns failed instead (inferred).
  if (!device) throw exception(500);
  const limit = Number(user.policy.MaxActiveSessions ?? 0);
  if (limit >= 1 && otherSessionCount(state, user.id, device.deviceId) >= limit) throw exception(403);
  const token = state.issueToken(user, device, version, now);
  return json({
    User: userDto(state, user, version),
    SessionInfo: sessionInfo(state, token, user),
    AccessToken: token.accessToken,
    ServerId: state.serverId,
  });
}

export const LOGIN_ROUTES: RouteDef[] = [
  { method: 'POST', path: '/Users/AuthenticateByName', access: 'anonymous', body: true, handle: logIn },
];
