/**
 * Changing a user's own data: update (rename + configuration), configuration and password, each on
 * the legacy id route (every version) and the query-string route (10.9+).
 */
import type { Caller } from './auth.ts';
import { optionalGuid } from './binding.ts';
import { bindConfiguration, replaceConfiguration } from './configuration.ts';
import { isPlainObject, readFields } from './fields.ts';
import { bindPolicy } from './policy.ts';
import type { RequestContext, RouteDef } from './route-types.ts';
import { authenticateUser } from './routes-login.ts';
import { isValidUsername, type StandinState, type StoredUser } from './state.ts';
import { atLeast, type StandinVersion } from './types.ts';
import { canUpdateUser, canUpdateUserOn108, lookUpUser } from './user-dto.ts';
import { exception, jsonMessage, noContent, notFoundProblem, validationFailure } from './wire.ts';

/** Which user a request is about: the route id, else `?userId=`, else the caller (none for an API key). */
type TargetOf = (context: RequestContext) => { explicitId: string | undefined };

const fromRoute: TargetOf = (context) => ({ explicitId: context.id });
const fromQuery: TargetOf = (context) => ({ explicitId: optionalGuid(context, 'userId') });

/**
 * The shared prologue. 10.8 checks permission first (an API key crashes) and then dereferences the
 * user; 10.9+ looks the user up first (404 problem) and then checks permission.
 */
function resolveTarget(
  context: RequestContext,
  explicitId: string | undefined,
  restrictUserPreferences: boolean,
  denial: () => Error,
  missing: () => Error,
): StoredUser {
  const { state, version } = context;
  const caller = context.caller as Caller;
  const targetId = explicitId ?? caller.userId;
  if (!atLeast(version, '10.9')) {
    if (!canUpdateUserOn108(caller, targetId, restrictUserPreferences)) throw denial();
    const user = lookUpUser(state, targetId);
    if (!user) throw missing();
    return user;
  }
  const user = lookUpUser(state, targetId);
  if (!user) throw missing();
  if (!canUpdateUser(caller, user, restrictUserPreferences)) throw denial();
  return user;
}

/** `RenameUser`: the name rules, then a duplicate check (case-insensitive from 10.11, which also
 *  refuses a change of case only). */
function renameUser(state: StandinState, user: StoredUser, newName: unknown, version: StandinVersion): void {
  if (!isValidUsername(newName, version) || newName.trim() === '') throw exception(400);
  const modern = atLeast(version, '10.11');
  const same = (a: string, b: string) => (modern ? a.toUpperCase() === b.toUpperCase() : a === b);
  if (same(user.name, newName)) throw exception(400);
  for (const other of state.users.values()) if (other !== user && same(other.name, newName)) throw exception(400);
  user.name = newName;
}

/** A UserDto body: only Name and Configuration are used; from 10.9 the nested Policy is validated too. */
function bindUserDto(context: RequestContext): { name: unknown; configuration: Record<string, unknown> | null } {
  const { body, version, state } = context;
  if (!isPlainObject(body)) throw validationFailure(version, { $: ['The JSON value could not be converted to UserDto.'] });
  const fields = [
    { name: 'Name', kind: 'string' as const },
    { name: 'Configuration', kind: 'any' as const },
    { name: 'Policy', kind: 'any' as const },
  ];
  const { values, errors } = readFields(fields, body);
  if (Object.keys(errors).length > 0) throw validationFailure(version, errors);
  if (atLeast(version, '10.9')) bindPolicy(values.Policy ?? {}, version, state.policyExtras);
  const configuration = values.Configuration === undefined ? {} : values.Configuration;
  if (configuration === null) return { name: values.Name, configuration: null };
  return { name: values.Name, configuration: bindConfiguration(configuration, version, state.configurationExtras) };
}

function updateUser(targetOf: TargetOf) {
  return (context: RequestContext) => {
    const { state, version } = context;
    const dto = bindUserDto(context);
    const missing = () => (atLeast(version, '10.9') ? notFoundProblem(version) : exception(500));
    const user = resolveTarget(context, targetOf(context).explicitId, false, () => jsonMessage(403, 'User update not allowed.'), missing);
    if (user.name !== dto.name) renameUser(state, user, dto.name, version);
    if (dto.configuration === null) throw exception(500);
    user.configuration = replaceConfiguration(user.configuration, dto.configuration, version, state.configurationExtras);
    return noContent();
  };
}

function updateConfiguration(targetOf: TargetOf) {
  return (context: RequestContext) => {
    const { state, version } = context;
    const posted = bindConfiguration(context.body, version, state.configurationExtras);
    // 10.8 reached the database with an unknown id: "No user exists with given Id!" (ArgumentException).
    const missing = () => (atLeast(version, '10.9') ? notFoundProblem(version) : exception(400));
    const denial = () => jsonMessage(403, 'User configuration update not allowed');
    const user = resolveTarget(context, targetOf(context).explicitId, true, denial, missing);
    user.configuration = replaceConfiguration(user.configuration, posted, version, state.configurationExtras);
    return noContent();
  };
}

interface PasswordRequest {
  currentPw?: string | null;
  newPw?: string | null;
  resetPassword: boolean;
}

function bindPasswordRequest({ body, version }: RequestContext): PasswordRequest {
  if (!isPlainObject(body)) throw validationFailure(version, { $: ['The JSON value could not be converted to UpdateUserPassword.'] });
  const fields = [
    { name: 'CurrentPw', kind: 'string' as const },
    { name: 'CurrentPassword', kind: 'string' as const },
    { name: 'NewPw', kind: 'string' as const },
    { name: 'ResetPassword', kind: 'bool' as const },
  ];
  const { values, errors } = readFields(fields, body);
  if (Object.keys(errors).length > 0) throw validationFailure(version, errors);
  return {
    currentPw: values.CurrentPw as string | null | undefined,
    newPw: values.NewPw as string | null | undefined,
    resetPassword: values.ResetPassword === true,
  };
}

/** From 10.9 an administrator's password may not become empty (ArgumentException). */
function changePassword(state: StandinState, user: StoredUser, newPassword: string, version: StandinVersion): void {
  if (atLeast(version, '10.9') && state.isAdmin(user) && newPassword.trim() === '') throw exception(400);
  user.password = newPassword === '' ? null : newPassword;
}

function passwordNotFound(version: StandinVersion): Error {
  return atLeast(version, '10.10') ? notFoundProblem(version) : jsonMessage(404, 'User not found');
}

/** Who must prove the current password: non-admins, and from 10.9 an admin naming their own id. */
function mustProveCurrentPassword(caller: Caller, explicitId: string | undefined, version: StandinVersion): boolean {
  if (!caller.isAdmin) return true;
  return atLeast(version, '10.9') && explicitId !== undefined && explicitId === caller.userId;
}

function updatePassword(targetOf: TargetOf) {
  return (context: RequestContext) => {
    const { state, version, now } = context;
    const caller = context.caller as Caller;
    const request = bindPasswordRequest(context);
    const { explicitId } = targetOf(context);
    const denial = () => jsonMessage(403, 'User is not allowed to update the password.');
    const user = resolveTarget(context, explicitId, true, denial, () => passwordNotFound(version));
    if (request.resetPassword) {
      changePassword(state, user, '', version);
      return noContent();
    }
    if (mustProveCurrentPassword(caller, explicitId, version)) {
      const proven = authenticateUser(state, user.name, request.currentPw ?? '', { now, isUserSession: false });
      if (!proven) throw jsonMessage(403, 'Invalid user or password entered.');
    }
    changePassword(state, user, request.newPw ?? '', version);
    state.revokeUserTokens(user.id, caller.token);
    return noContent();
  };
}

export const ACCOUNT_ROUTES: RouteDef[] = [
  { method: 'POST', path: '/Users/{id}', access: 'user', body: true, guidId: true, handle: updateUser(fromRoute) },
  { method: 'POST', path: '/Users', access: 'user', body: true, since: '10.9', handle: updateUser(fromQuery) },
  { method: 'POST', path: '/Users/{id}/Configuration', access: 'user', body: true, guidId: true, handle: updateConfiguration(fromRoute) },
  { method: 'POST', path: '/Users/Configuration', access: 'user', body: true, since: '10.9', handle: updateConfiguration(fromQuery) },
  { method: 'POST', path: '/Users/{id}/Password', access: 'user', body: true, guidId: true, handle: updatePassword(fromRoute) },
  { method: 'POST', path: '/Users/Password', access: 'user', body: true, since: '10.9', handle: updatePassword(fromQuery) },
];
