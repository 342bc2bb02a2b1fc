/**
 * `AuthorizationContext` and the authentication handler: which header is read per version, how the
 * `MediaBrowser key="value", …` parameters are parsed, where a token may come from, and who it is.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { DeviceToken, StandinState, StoredUser } from './state.ts';
import { atLeast, type StandinVersion } from './types.ts';
import { EMPTY_GUID, urlDecode } from './wire.ts';

export interface AuthHeader {
  client?: string;
  device?: string;
  deviceId?: string;
  version?: string;
  token?: string;
}

export interface Caller {
  token: string;
  isApiKey: boolean;
  /** Guid.Empty (32 zeros) for API keys. */
  userId: string;
  user: StoredUser | null;
  /** API keys get the Administrator role. */
  isAdmin: boolean;
  device: DeviceToken | null;
}

/**
 * `GetParts`: commas separate pairs unless inside double quotes; keys are trimmed; values lose their
 * surrounding quotes (not their spaces) and are URL-decoded. Keys stay case-sensitive.
 */
export function parseAuthorizationParameters(text: string): Map<string, string> {
  const result = new Map<string, string>();
  let quoted = false;
  let start = 0;
  let key = '';
  const take = (end: number) => {
    if (start < end) result.set(key, urlDecode(text.slice(start, end).replace(/^"+|"+$/g, '')));
  };
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (char === '"') quoted = !quoted;
    else if (char === ',' && !quoted) {
      if (start < index) {
        take(index);
        key = '';
      }
      start = index + 1;
    } else if (char === '=' && !quoted) {
      key = text.slice(start, index).trim();
      start = index + 1;
    }
  }
  take(text.length);
  return result;
}

function headerValue(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/** Legacy authorization is always on before 10.11 and a server switch on 10.11 (default on). */
export function legacyEnabled(version: StandinVersion, legacySwitch: boolean): boolean {
  return !atLeast(version, '10.11') || legacySwitch;
}

function chooseHeader(headers: IncomingHttpHeaders, version: StandinVersion, legacy: boolean): string {
  if (!atLeast(version, '10.11')) return headerValue(headers, 'x-emby-authorization') || headerValue(headers, 'authorization');
  const authorization = headerValue(headers, 'authorization');
  return authorization === '' && legacy ? headerValue(headers, 'x-emby-authorization') : authorization;
}

function parseHeader(value: string, legacy: boolean): Map<string, string> | null {
  const space = value.indexOf(' ');
  if (space === -1) return null;
  const scheme = value.slice(0, space).toLowerCase();
  if (scheme !== 'mediabrowser' && !(scheme === 'emby' && legacy)) return null;
  return parseAuthorizationParameters(value.slice(space + 1));
}

/** The header fields plus the token from the first source that has one, in the version's order. */
export function readAuthHeader(
  headers: IncomingHttpHeaders,
  query: (key: string) => string | undefined,
  version: StandinVersion,
  legacySwitch: boolean,
): AuthHeader {
  const legacy = legacyEnabled(version, legacySwitch);
  const parts = parseHeader(chooseHeader(headers, version, legacy), legacy) ?? new Map<string, string>();
  const sources: (() => string | undefined)[] = [
    () => parts.get('Token'),
    () => (legacy ? headerValue(headers, 'x-emby-token') : undefined),
    () => (legacy ? headerValue(headers, 'x-mediabrowser-token') : undefined),
    () => query('ApiKey'),
    () => (legacy ? query('api_key') : undefined),
  ];
  let token: string | undefined;
  for (const source of sources) {
    token = source();
    if (token) break;
  }
  return {
    client: parts.get('Client'),
    device: parts.get('Device'),
    deviceId: parts.get('DeviceId'),
    version: parts.get('Version'),
    token: token || undefined,
  };
}

/**
 * Device tokens first, then API keys. No token, an unknown token and a disabled user's token all
 * give null: the endpoint then answers with an authentication challenge (401, empty body).
 */
export function authenticate(state: StandinState, header: AuthHeader, now: number): Caller | null {
  const token = header.token;
  if (!token || token.trim() === '') return null;
  const device = state.tokens.get(token);
  if (device) {
    const user = state.userById(device.userId);
    if (!user || state.isDisabled(user)) return null;
    device.lastActivity = now;
    return { token, isApiKey: false, userId: user.id, user, isAdmin: state.isAdmin(user), device };
  }
  if (state.apiKeys.has(token)) {
    return { token, isApiKey: true, userId: EMPTY_GUID, user: null, isAdmin: true, device: null };
  }
  return null;
}
