import { randomBytes } from 'node:crypto';
import { MatrixApiError, badJson, forbidden, notFound } from './errors.ts';
import type { Route, RouteCall, StandinState } from './state.ts';
import { parseToken } from './sync.ts';

/** whoami, login, account data, filters, sync, versions. */
export function accountRoutes(state: StandinState): Route[] {
  return [
    { method: 'GET', pattern: /^\/account\/whoami$/, handle: ({ session }) => ({ user_id: session.userId, device_id: session.deviceId, is_guest: false }) },
    { method: 'GET', pattern: /^\/login$/, auth: false, handle: () => ({ flows: [{ type: 'm.login.password' }] }) },
    { method: 'POST', pattern: /^\/login$/, auth: false, handle: (call) => login(state, call) },
    { method: 'POST', pattern: /^\/logout$/, handle: ({ accessToken }) => (state.sessions.delete(accessToken), {}) },
    { method: 'GET', pattern: /^\/user\/([^/]+)\/account_data\/([^/]+)$/, handle: (call) => readAccountData(state, call) },
    {
      method: 'PUT',
      pattern: /^\/user\/([^/]+)\/account_data\/([^/]+)$/,
      handle: ({ session, params: [userId, type], body }) => {
        if (userId !== session.userId) throw forbidden('Cannot add account data for other users.');
        state.world.setAccountData(userId, type, body);
        return {};
      },
    },
    {
      method: 'POST',
      pattern: /^\/user\/([^/]+)\/filter$/,
      handle: ({ body }) => {
        const filterId = String(state.filters.size + 1);
        state.filters.set(filterId, body);
        return { filter_id: filterId };
      },
    },
    {
      method: 'GET',
      pattern: /^\/user\/([^/]+)\/filter\/([^/]+)$/,
      handle: ({ params: [, filterId] }) => {
        if (!state.filters.has(filterId)) throw notFound('No such filter');
        return state.filters.get(filterId);
      },
    },
    { method: 'GET', pattern: /^\/sync$/, handle: (call) => sync(state, call) },
  ];
}

function readAccountData(state: StandinState, { session, params: [userId, type] }: RouteCall): unknown {
  if (userId !== session.userId) throw forbidden('Cannot get account data for other users.');
  const content = state.world.getAccountData(userId, type);
  if (!content) throw notFound('Account data not found');
  return content;
}

function sync(state: StandinState, { session, query, signal }: RouteCall): unknown {
  const since = query.get('since');
  const position = parseToken(since);
  if (since !== null && position === undefined) throw new MatrixApiError(400, 'M_INVALID_PARAM', `Unknown since token ${since}`);
  const timeoutMs = Number(query.get('timeout') ?? '0') || 0;
  return state.syncs.sync(session.userId, position, timeoutMs, signal);
}

/** m.login.password with an m.id.user identifier (or the legacy top-level `user`). */
function login(state: StandinState, { body }: RouteCall): unknown {
  if (body.type !== 'm.login.password') throw new MatrixApiError(400, 'M_UNKNOWN', `Unknown login type ${String(body.type)}`);
  const identifier = body.identifier as { type?: string; user?: string } | undefined;
  const user = identifier?.type === 'm.id.user' ? identifier.user : (body.user as string | undefined);
  if (typeof user !== 'string' || typeof body.password !== 'string') throw badJson('identifier.user and password are required');
  const userId = user.startsWith('@') ? user : `@${user}:${state.world.serverName}`;
  if (state.passwords.get(userId) !== body.password) throw forbidden('Invalid username or password');
  const accessToken = `syt_${randomBytes(12).toString('hex')}`;
  const deviceId = typeof body.device_id === 'string' ? body.device_id : `DEV${randomBytes(4).toString('hex').toUpperCase()}`;
  state.sessions.set(accessToken, { userId, deviceId });
  return { user_id: userId, access_token: accessToken, device_id: deviceId, home_server: userId.split(':')[1] };
}
