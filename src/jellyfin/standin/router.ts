/**
 * ASP.NET-style attribute routing: case-insensitive, the base URL and a legacy `/emby` or
 * `/mediabrowser` prefix stripped, routes filtered by method first and then the most literal
 * template wins (so `/Users/New` never binds as an id).
 */
import { LIBRARY_ROUTES } from './libraries.ts';
import { routeName, type RouteDef } from './route-types.ts';
import { ACCOUNT_ROUTES } from './routes-account.ts';
import { DISPLAY_PREFERENCES_ROUTES } from './routes-display-prefs.ts';
import { LOGIN_ROUTES } from './routes-login.ts';
import { POLICY_ROUTES } from './routes-policy.ts';
import { SYSTEM_ROUTES } from './routes-system.ts';
import { USER_ROUTES } from './routes-users.ts';
import { atLeast, type StandinVersion } from './types.ts';

export const ALL_ROUTES: readonly RouteDef[] = [
  ...SYSTEM_ROUTES,
  ...LOGIN_ROUTES,
  ...USER_ROUTES,
  ...POLICY_ROUTES,
  ...ACCOUNT_ROUTES,
  ...DISPLAY_PREFERENCES_ROUTES,
  ...LIBRARY_ROUTES,
];

export type RouteMatch =
  | { kind: 'route'; route: RouteDef; name: string; id: string }
  | { kind: 'method-not-allowed' }
  | { kind: 'none' };

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function segmentsOf(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

/** The path's segments below the base URL and the legacy prefix; null when outside the base URL. */
export function routePath(rawPath: string, baseUrl: string): string[] | null {
  const segments = segmentsOf(rawPath).map(decodeSegment);
  const base = segmentsOf(baseUrl);
  for (let index = 0; index < base.length; index += 1) {
    if (segments[index]?.toLowerCase() !== base[index].toLowerCase()) return null;
  }
  const rest = segments.slice(base.length);
  if (rest.length > 0 && ['emby', 'mediabrowser'].includes(rest[0].toLowerCase())) rest.shift();
  return rest;
}

function isParameter(segment: string): boolean {
  return segment.startsWith('{');
}

function templateMatches(template: string[], segments: string[]): boolean {
  if (template.length !== segments.length) return false;
  return template.every((part, index) => isParameter(part) || part.toLowerCase() === segments[index].toLowerCase());
}

/** Literal segments outrank parameters, position by position. */
function precedence(template: string[]): string {
  return template.map((part) => (isParameter(part) ? '0' : '1')).join('');
}

export function matchRoute(routes: readonly RouteDef[], method: string, segments: string[], version: StandinVersion): RouteMatch {
  const onPath = routes.filter((route) => (!route.since || atLeast(version, route.since)) && templateMatches(segmentsOf(route.path), segments));
  if (onPath.length === 0) return { kind: 'none' };
  const withMethod = onPath.filter((route) => route.method === method);
  if (withMethod.length === 0) return { kind: 'method-not-allowed' };
  const best = withMethod.reduce((winner, route) =>
    precedence(segmentsOf(route.path)) > precedence(segmentsOf(winner.path)) ? route : winner,
  );
  const template = segmentsOf(best.path);
  const idIndex = template.findIndex(isParameter);
  return { kind: 'route', route: best, name: routeName(best), id: idIndex === -1 ? '' : segments[idIndex] };
}

/** `failOn('post /users/{ID}/policy')` and `failOn('POST /Users/{id}/Policy')` mean the same route. */
export function normaliseRouteName(name: string): string {
  const [method = '', ...rest] = name.trim().split(/\s+/);
  return `${method.toUpperCase()} ${rest.join(' ').toLowerCase().replace(/\/+$/, '')}`;
}
