/**
 * Read-modify-write helpers for Jellyfin's Policy and Configuration objects. A POST replaces the
 * whole object: a field left out takes the server's constructor default, a null array makes the
 * server answer 400/500 (contract §3.8, §3.9). These pure functions build what is safe to send.
 */
import type { JfConfiguration, JfDisplayPreferences, JfPolicy, JsonObject } from './types.ts';

export const DEFAULT_AUTHENTICATION_PROVIDER = 'Jellyfin.Server.Implementations.Users.DefaultAuthenticationProvider';
export const DEFAULT_PASSWORD_RESET_PROVIDER = 'Jellyfin.Server.Implementations.Users.DefaultPasswordResetProvider';

/** UserPolicy fields typed as arrays (10.8 – 10.11). */
export const POLICY_ARRAY_FIELDS = [
  'BlockedTags',
  'AllowedTags',
  'AccessSchedules',
  'BlockUnratedItems',
  'EnableContentDeletionFromFolders',
  'EnabledDevices',
  'EnabledChannels',
  'EnabledFolders',
  'BlockedMediaFolders',
  'BlockedChannels',
] as const;

/** UserConfiguration fields typed as arrays. */
export const CONFIGURATION_ARRAY_FIELDS = ['GroupedFolders', 'OrderedViews', 'LatestItemsExcludes', 'MyMediaExcludes'] as const;

const ARRAY_FIELDS: ReadonlySet<string> = new Set([...POLICY_ARRAY_FIELDS, ...CONFIGURATION_ARRAY_FIELDS]);

/** Jellyfin matches input property names case-insensitively, so does this lookup. */
function isArrayField(key: string): boolean {
  for (const field of ARRAY_FIELDS) if (field.toLowerCase() === key.toLowerCase()) return true;
  return false;
}

/**
 * A copy fit to send: null array fields become [], other nulls are left out (the server then uses
 * its default, which is what null means for those fields). Nested values are copied, not shared.
 */
export function denull<T extends JsonObject>(obj: T): T {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(obj)) {
    if (value === null || value === undefined) {
      if (isArrayField(key)) out[key] = [];
      continue;
    }
    out[key] = structuredClone(value);
  }
  return out as T;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/**
 * Both provider ids are required from 10.9 (400 without them; 500 on 10.8). Keeps the ones
 * present, else the fallback's, else Jellyfin's defaults.
 */
export function withProviderIds(policy: JfPolicy, fallback: JfPolicy = {}): JfPolicy {
  return {
    ...policy,
    AuthenticationProviderId:
      nonEmptyString(policy.AuthenticationProviderId) ??
      nonEmptyString(fallback.AuthenticationProviderId) ??
      DEFAULT_AUTHENTICATION_PROVIDER,
    PasswordResetProviderId:
      nonEmptyString(policy.PasswordResetProviderId) ??
      nonEmptyString(fallback.PasswordResetProviderId) ??
      DEFAULT_PASSWORD_RESET_PROVIDER,
  };
}

/** A de-nulled policy with both provider ids: what `setPolicy` sends. */
export function policyToSend(policy: JfPolicy): JfPolicy {
  return withProviderIds(denull(policy));
}

/**
 * The profile's whole policy laid over the target user's current one. Fields the profile does not
 * have keep the target's value (a newer server's fields survive); the target keeps its own
 * provider ids (an LDAP user stays an LDAP user); the account ends up enabled and unlocked.
 */
export function applyProfilePolicy(current: JfPolicy, profile: JfPolicy): JfPolicy {
  const merged: JfPolicy = { ...current, ...profile };
  const providers: JfPolicy = {
    AuthenticationProviderId: nonEmptyString(current.AuthenticationProviderId),
    PasswordResetProviderId: nonEmptyString(current.PasswordResetProviderId),
  };
  const withProviders = withProviderIds(providers, profile);
  return denull({
    ...merged,
    AuthenticationProviderId: withProviders.AuthenticationProviderId,
    PasswordResetProviderId: withProviders.PasswordResetProviderId,
    IsDisabled: false,
    InvalidLoginAttemptCount: 0,
  });
}

/** The profile's configuration laid over the target user's current one, fit to send. */
export function applyProfileConfiguration(current: JfConfiguration, profile: JfConfiguration): JfConfiguration {
  return denull({ ...current, ...profile });
}

/**
 * Display preferences are sent whole, as read. `CustomPrefs` is kept verbatim (its null values are
 * meaningful and written out by the server); only a missing or null map becomes {}, because
 * `"CustomPrefs": null` makes the server answer 500.
 */
export function displayPreferencesToSend(prefs: JfDisplayPreferences): JfDisplayPreferences {
  const out: JfDisplayPreferences = {};
  for (const [key, value] of Object.entries(prefs)) {
    if (value === null || value === undefined) continue;
    out[key] = structuredClone(value);
  }
  if (typeof out.CustomPrefs !== 'object' || out.CustomPrefs === null) out.CustomPrefs = {};
  return out;
}
