import type { Recording } from './recording.ts';
import type { SyncWaiters } from './sync.ts';
import type { World } from './world.ts';

export interface Session {
  userId: string;
  deviceId: string;
}

/** Everything the routes share. */
export interface StandinState {
  world: World;
  recording: Recording;
  syncs: SyncWaiters;
  /** Access token → who holds it. */
  sessions: Map<string, Session>;
  /** Passwords by user id, for POST /login. */
  passwords: Map<string, string>;
  /** `${accessToken}|${roomId}|${txnId}` → event id: a retried send does not post twice. */
  transactions: Map<string, string>;
  /** Simulated users who leave invites pending instead of joining. */
  refusingInvites: Set<string>;
  filters: Map<string, unknown>;
}

/** One routed call: the caller, path parameters (decoded), query, JSON body. */
export interface RouteCall {
  session: Session;
  accessToken: string;
  params: string[];
  query: URLSearchParams;
  body: Record<string, unknown>;
  signal: AbortSignal;
}

export interface Route {
  method: 'GET' | 'PUT' | 'POST';
  pattern: RegExp;
  /** False for endpoints that need no access token (login, versions). */
  auth?: boolean;
  handle: (call: RouteCall) => unknown;
}
