/**
 * Turning what Jellyfin sends into the shapes Doorman keeps: ids in one form (32 lowercase hex),
 * Policy and Configuration always present as objects, every other field kept as it came.
 */
import { JellyfinError } from './errors.ts';
import type { JfConfiguration, JfLibrary, JfPolicy, JfServerInfo, JfUser, JsonObject } from './types.ts';
import { normaliseId } from './types.ts';

/** A GUID in any of the forms .NET parses: 32 hex digits, hyphenated, braced. */
const GUID = /^\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?$/i;

/** Policy and Configuration arrays that hold library, channel or view ids. */
const ID_ARRAYS = [
  'EnabledFolders',
  'EnabledChannels',
  'BlockedMediaFolders',
  'BlockedChannels',
  'EnableContentDeletionFromFolders',
  'GroupedFolders',
  'OrderedViews',
  'LatestItemsExcludes',
  'MyMediaExcludes',
];

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Normalises the GUID-looking entries of the id arrays; anything else is left as it is. */
export function normaliseIdArrays<T extends JsonObject>(obj: T): T {
  const out: JsonObject = { ...obj };
  for (const key of ID_ARRAYS) {
    const value = out[key];
    if (Array.isArray(value)) {
      out[key] = value.map((entry) => (typeof entry === 'string' && isGuid(entry) ? normaliseId(entry) : entry));
    }
  }
  return out as T;
}

export function normaliseUser(raw: unknown, where: string): JfUser {
  if (!isObject(raw) || typeof raw.Id !== 'string' || typeof raw.Name !== 'string') {
    throw new JellyfinError('unavailable', `Jellyfin's answer to ${where} did not look like a user.`);
  }
  const policy: JfPolicy = isObject(raw.Policy) ? normaliseIdArrays(raw.Policy) : {};
  const configuration: JfConfiguration = isObject(raw.Configuration) ? normaliseIdArrays(raw.Configuration) : {};
  return { ...raw, Id: normaliseId(raw.Id), Name: raw.Name, Policy: policy, Configuration: configuration };
}

/** A user list, or an error: never an empty list standing in for a failure. */
export function normaliseUserList(raw: unknown, where: string): JfUser[] {
  if (!Array.isArray(raw)) {
    throw new JellyfinError('unavailable', `Jellyfin's answer to ${where} was not a user list; refusing to treat it as "no users".`);
  }
  return raw.map((entry) => normaliseUser(entry, where));
}

export function normaliseLibraries(raw: unknown, where: string): JfLibrary[] {
  if (!Array.isArray(raw)) {
    throw new JellyfinError('unavailable', `Jellyfin's answer to ${where} was not a library list.`);
  }
  return raw.filter(isObject).map((folder) => ({
    id: normaliseId(String(folder.ItemId ?? '')),
    name: String(folder.Name ?? ''),
    ...(typeof folder.CollectionType === 'string' ? { collectionType: folder.CollectionType.toLowerCase() } : {}),
  }));
}

export function normaliseServerInfo(raw: unknown, where: string): JfServerInfo {
  if (!isObject(raw) || typeof raw.Version !== 'string') {
    throw new JellyfinError('unavailable', `Jellyfin's answer to ${where} had no version; is jellyfin.url a Jellyfin server?`);
  }
  return {
    serverName: typeof raw.ServerName === 'string' ? raw.ServerName : '',
    version: raw.Version,
    id: typeof raw.Id === 'string' ? normaliseId(raw.Id) : '',
    ...(typeof raw.ProductName === 'string' ? { productName: raw.ProductName } : {}),
  };
}
