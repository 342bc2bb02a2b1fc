/** `GET`/`POST /DisplayPreferences/{displayPreferencesId}?userId=&client=`. */
import type { Caller } from './auth.ts';
import { optionalGuid, requiredGuid, requiredString } from './binding.ts';
import {
  applyDisplayPreferences,
  bindDisplayPreferences,
  displayPreferencesDto,
  displayPreferencesItemId,
} from './display-prefs.ts';
import type { RequestContext, RouteDef } from './route-types.ts';
import { atLeast } from './types.ts';
import { EMPTY_GUID, exception, json, noContent } from './wire.ts';

/**
 * `client` is required everywhere and `userId` on 10.8. From 10.9 a missing userId means the caller
 * (an API key has none), and only admins may name someone else (SecurityException → 403).
 * A record for a user that does not exist fails on the database's foreign key (500).
 */
function resolveOwner(context: RequestContext): { userId: string; client: string; itemId: string } {
  const { state, version } = context;
  const caller = context.caller as Caller;
  const client = requiredString(context, 'client');
  let userId: string;
  if (!atLeast(version, '10.9')) userId = requiredGuid(context, 'userId');
  else {
    const explicit = optionalGuid(context, 'userId');
    userId = explicit === undefined || explicit === EMPTY_GUID ? caller.userId : explicit;
    if (userId !== caller.userId && !caller.isAdmin) throw exception(403);
  }
  if (!state.userById(userId)) throw exception(500);
  return { userId, client, itemId: displayPreferencesItemId(context.id) };
}

function getDisplayPreferences(context: RequestContext) {
  const { userId, itemId, client } = resolveOwner(context);
  return json(displayPreferencesDto(context.state.displayPreferences.findOrCreate(userId, itemId, client)));
}

function setDisplayPreferences(context: RequestContext) {
  const dto = bindDisplayPreferences(context.body, context.version);
  const { userId, itemId, client } = resolveOwner(context);
  const store = context.state.displayPreferences;
  store.save(applyDisplayPreferences(store.findOrFresh(userId, itemId, client), dto));
  return noContent();
}

export const DISPLAY_PREFERENCES_ROUTES: RouteDef[] = [
  { method: 'GET', path: '/DisplayPreferences/{id}', access: 'user', handle: getDisplayPreferences },
  { method: 'POST', path: '/DisplayPreferences/{id}', access: 'user', body: true, handle: setDisplayPreferences },
];
