/** What a route declares and what its handler receives. */
import type { AuthHeader, Caller } from './auth.ts';
import type { StandinState } from './state.ts';
import type { StandinVersion } from './types.ts';
import type { Reply } from './wire.ts';

/** anonymous: no token needed; user: any valid token (401 otherwise); admin: 403 for the rest. */
export type Access = 'anonymous' | 'user' | 'admin';

export interface RequestContext {
  state: StandinState;
  version: StandinVersion;
  /** Null on anonymous routes when no valid token came. */
  caller: Caller | null;
  /** The parsed authorization header (login reads Client/Device/DeviceId/Version from it). */
  header: AuthHeader;
  /** The `{id}` route value: 32-hex form when the route declares a GUID, else the decoded text. */
  id: string;
  /** Query value by key, case-insensitively; undefined when absent. */
  query: (key: string) => string | undefined;
  /** The parsed JSON body on routes that take one. */
  body: unknown;
  /** Date.now() at arrival. */
  now: number;
  /** `http://127.0.0.1:PORT` + base URL. */
  localAddress: string;
}

export type Handler = (context: RequestContext) => Reply | Promise<Reply>;

export interface RouteDef {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path as the contract spells it, e.g. `/Users/{id}/Policy`. */
  path: string;
  access: Access;
  /** Takes a JSON body ([FromBody]): other content types get 415. */
  body?: boolean;
  /** `{id}` is a Guid: anything else is a 400 model-binding failure. */
  guidId?: boolean;
  /** First version that has this route. */
  since?: StandinVersion;
  handle: Handler;
}

/** The recording name: method, one space, path. */
export function routeName(route: Pick<RouteDef, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}
