/** `POST /Users/{id}/Policy`: a whole replacement, guarded by the three "keep the server usable" rules. */
import { bindPolicy, replacePolicy } from './policy.ts';
import type { RequestContext, RouteDef } from './route-types.ts';
import { atLeast } from './types.ts';
import { lookUpUser } from './user-dto.ts';
import { exception, jsonMessage, noContent, notFoundProblem } from './wire.ts';

function updatePolicy({ state, version, caller, body, id }: RequestContext) {
  const posted = bindPolicy(body, version, state.policyExtras);
  const user = lookUpUser(state, id);
  if (!user) throw atLeast(version, '10.9') ? notFoundProblem(version) : exception(500);
  const isAdminNow = state.isAdmin(user);
  const disabling = posted.IsDisabled === true;
  if (isAdminNow && posted.IsAdministrator !== true && state.adminCount() === 1) {
    throw jsonMessage(403, 'There must be at least one user in the system with administrative access.');
  }
  if (disabling && isAdminNow) throw jsonMessage(403, 'Administrators cannot be disabled.');
  if (disabling && !state.isDisabled(user)) {
    if (state.enabledCount() === 1) throw jsonMessage(403, 'There must be at least one enabled user in the system.');
    // Jellyfin logs the user out before it writes the policy, whatever happens next.
    state.revokeUserTokens(user.id, caller?.token);
  }
  user.policy = replacePolicy(posted, version, state.policyExtras, {
    userId: user.id,
    nextScheduleId: () => state.nextScheduleId(),
  });
  return noContent();
}

export const POLICY_ROUTES: RouteDef[] = [
  { method: 'POST', path: '/Users/{id}/Policy', access: 'admin', body: true, guidId: true, handle: updatePolicy },
];
