/** Reading, creating and deleting users. */
import { optionalBoolean } from './binding.ts';
import { isPlainObject, readFields } from './fields.ts';
import type { RequestContext, RouteDef } from './route-types.ts';
import { isValidUsername, type StoredUser } from './state.ts';
import { atLeast } from './types.ts';
import { lookUpUser, userDto } from './user-dto.ts';
import { ReplyError, exception, json, noContent, notFoundProblem, problem, validationFailure } from './wire.ts';

function listUsers(context: RequestContext) {
  const { state, version } = context;
  const isHidden = optionalBoolean(context, 'isHidden');
  const isDisabled = optionalBoolean(context, 'isDisabled');
  const matches = (user: StoredUser) =>
    (isHidden === undefined || user.policy.IsHidden === isHidden) &&
    (isDisabled === undefined || state.isDisabled(user) === isDisabled);
  return json(state.usersByName().filter(matches).map((user) => userDto(state, user, version)));
}

/** After the startup wizard only visible, enabled users are listed (every request here is local). */
function listPublicUsers({ state, version }: RequestContext) {
  const visible = state.usersByName().filter((user) => user.policy.IsHidden !== true && !state.isDisabled(user));
  return json(visible.map((user) => userDto(state, user, version)));
}

function currentUser({ state, version, caller }: RequestContext) {
  const user = caller?.user;
  if (!user) throw new ReplyError(problem(version, 400));
  return json(userDto(state, user, version));
}

function getUser({ state, version, id }: RequestContext) {
  const user = lookUpUser(state, id);
  if (!user) return json('User not found', 404);
  return json(userDto(state, user, version));
}

/** `CreateUserByName`: only Name and Password are read; the name is checked, then made unique. */
function createUser({ state, version, body }: RequestContext) {
  if (!isPlainObject(body)) throw validationFailure(version, { $: ['The JSON value could not be converted to CreateUserByName.'] });
  const fields = [
    { name: 'Name', kind: 'string' as const },
    { name: 'Password', kind: 'string' as const },
  ];
  const { values, errors } = readFields(fields, body);
  if (Object.keys(errors).length > 0) throw validationFailure(version, errors);
  const name = values.Name as string | null | undefined;
  if (atLeast(version, '10.9') && !name?.trim()) throw validationFailure(version, { Name: ['The Name field is required.'] });
  if (!isValidUsername(name, version) || name.trim() === '') throw exception(400);
  if (state.userByName(name)) throw exception(400);
  const user = state.createUser(name, version);
  const password = values.Password as string | null | undefined;
  if (password) user.password = password;
  return json(userDto(state, user, version));
}

/** Unknown: 404 from 10.9, a null dereference (500) on 10.8. Tokens go only once it succeeds. */
function deleteUser({ state, version, id }: RequestContext) {
  const user = lookUpUser(state, id);
  if (!user) throw atLeast(version, '10.9') ? notFoundProblem(version) : exception(500);
  if (state.users.size === 1) throw exception(500);
  if (state.isAdmin(user) && state.adminCount() === 1) throw exception(400);
  state.removeUser(user.id);
  return noContent();
}

export const USER_ROUTES: RouteDef[] = [
  { method: 'GET', path: '/Users', access: 'user', handle: listUsers },
  { method: 'GET', path: '/Users/Public', access: 'anonymous', handle: listPublicUsers },
  { method: 'GET', path: '/Users/Me', access: 'user', handle: currentUser },
  { method: 'GET', path: '/Users/{id}', access: 'user', guidId: true, handle: getUser },
  { method: 'POST', path: '/Users/New', access: 'admin', body: true, handle: createUser },
  { method: 'DELETE', path: '/Users/{id}', access: 'admin', guidId: true, handle: deleteUser },
];
