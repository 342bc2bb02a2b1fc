/**
 * The UserPolicy model: its fields per version in declaration (= output) order, the `UserPolicy()`
 * constructor defaults a POST falls back to, and the different defaults a new user gets.
 */
import { availableIn, isPlainObject, readFields, type FieldSpec } from './fields.ts';
import { exception, validationFailure } from './wire.ts';
import { atLeast, type StandinVersion } from './types.ts';

export const DEFAULT_AUTH_PROVIDER = 'Jellyfin.Server.Implementations.Users.DefaultAuthenticationProvider';
export const DEFAULT_RESET_PROVIDER = 'Jellyfin.Server.Implementations.Users.DefaultPasswordResetProvider';

export interface ModelField extends FieldSpec {
  /** What the C# constructor leaves in the property (what a POST without it stores). */
  ctorDefault: unknown;
  /** Only when a new user differs from the constructor. */
  newUserDefault?: unknown;
  /** Written in output, never read from input. */
  outputOnly?: boolean;
}

const UNRATED_ITEMS = ['Movie', 'Trailer', 'Series', 'Music', 'Book', 'LiveTvChannel', 'LiveTvProgram', 'ChannelContent', 'Other'];
const SYNC_PLAY_ACCESS = ['CreateAndJoinGroups', 'JoinGroups', 'None'];

const flag = (name: string, ctorDefault: boolean, extra: Partial<ModelField> = {}): ModelField => ({
  name,
  kind: 'bool',
  ctorDefault,
  ...extra,
});
const list = (name: string, kind: 'strings' | 'guids', extra: Partial<ModelField> = {}): ModelField => ({
  name,
  kind,
  ctorDefault: [],
  ...extra,
});
const integer = (name: string, ctorDefault: number): ModelField => ({ name, kind: 'int', ctorDefault });

export const POLICY_FIELDS: readonly ModelField[] = [
  flag('IsAdministrator', false),
  flag('IsHidden', true),
  flag('EnableCollectionManagement', false, { since: '10.9' }),
  flag('EnableSubtitleManagement', false, { since: '10.9' }),
  flag('EnableLyricManagement', false, { since: '10.9' }),
  flag('IsDisabled', false),
  { name: 'MaxParentalRating', kind: 'intOrNull', ctorDefault: null },
  { name: 'MaxParentalSubRating', kind: 'intOrNull', ctorDefault: null, since: '10.11' },
  list('BlockedTags', 'strings'),
  list('AllowedTags', 'strings', { since: '10.9' }),
  flag('EnableUserPreferenceAccess', true),
  { name: 'AccessSchedules', kind: 'schedules', ctorDefault: [] },
  { name: 'BlockUnratedItems', kind: 'enums', values: UNRATED_ITEMS, ctorDefault: [] },
  flag('EnableRemoteControlOfOtherUsers', false),
  flag('EnableSharedDeviceControl', true),
  flag('EnableRemoteAccess', true),
  flag('EnableLiveTvManagement', true, { newUserDefault: false }),
  flag('EnableLiveTvAccess', true),
  flag('EnableMediaPlayback', true),
  flag('EnableAudioPlaybackTranscoding', true),
  flag('EnableVideoPlaybackTranscoding', true),
  flag('EnablePlaybackRemuxing', true),
  flag('ForceRemoteSourceTranscoding', false),
  flag('EnableContentDeletion', false),
  list('EnableContentDeletionFromFolders', 'strings'),
  flag('EnableContentDownloading', true),
  flag('EnableSyncTranscoding', true),
  flag('EnableMediaConversion', true),
  list('EnabledDevices', 'strings'),
  flag('EnableAllDevices', true),
  list('EnabledChannels', 'guids'),
  flag('EnableAllChannels', true),
  list('EnabledFolders', 'guids'),
  flag('EnableAllFolders', true),
  integer('InvalidLoginAttemptCount', 0),
  integer('LoginAttemptsBeforeLockout', -1),
  integer('MaxActiveSessions', 0),
  flag('EnablePublicSharing', true),
  list('BlockedMediaFolders', 'guids', { outputOnly: true }),
  list('BlockedChannels', 'guids', { outputOnly: true }),
  integer('RemoteClientBitrateLimit', 0),
  { name: 'AuthenticationProviderId', kind: 'string', ctorDefault: null, newUserDefault: DEFAULT_AUTH_PROVIDER },
  { name: 'PasswordResetProviderId', kind: 'string', ctorDefault: null, newUserDefault: DEFAULT_RESET_PROVIDER },
  { name: 'SyncPlayAccess', kind: 'enum', values: SYNC_PLAY_ACCESS, ctorDefault: 'CreateAndJoinGroups' },
];

const ARRAY_KINDS = new Set(['strings', 'guids', 'enums', 'schedules']);

export function extraFields(extras: Record<string, unknown>): ModelField[] {
  return Object.entries(extras).map(([name, ctorDefault]) => ({ name, kind: 'any', ctorDefault }));
}

export type Model = Record<string, unknown>;

/** The fields a server of this version knows, extras last. */
const fieldLists = new WeakMap<readonly ModelField[], Map<StandinVersion, ModelField[]>>();

/** The field list of a version (+ extras), built once: every user in every list reply walks it. */
export function policyFields(version: StandinVersion, extras: readonly ModelField[]): ModelField[] {
  let byVersion = fieldLists.get(extras);
  if (!byVersion) fieldLists.set(extras, (byVersion = new Map()));
  let fields = byVersion.get(version);
  if (!fields) byVersion.set(version, (fields = [...availableIn(POLICY_FIELDS, version), ...extras]));
  return fields;
}

/** Primitives need no copy; outputs are built per request, so cloning them is the hot spot. */
export function copy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value) && value.every((item) => item === null || typeof item !== 'object')) return value.slice();
  return structuredClone(value);
}

/** `AddDefaultPermissions` + the User constructor; extras take their constructor default. */
export function newUserPolicy(version: StandinVersion, extras: readonly ModelField[]): Model {
  const policy: Model = {};
  for (const field of policyFields(version, extras)) {
    policy[field.name] = copy('newUserDefault' in field ? field.newUserDefault : field.ctorDefault);
  }
  return policy;
}

/** What GET returns: the version's fields in order, nulls left out. A field never stored (the
 *  version changed at run time) shows its new-user default. */
export function policyOutput(stored: Model, version: StandinVersion, extras: readonly ModelField[]): Model {
  const output: Model = {};
  for (const field of policyFields(version, extras)) {
    const value = field.name in stored ? stored[field.name] : 'newUserDefault' in field ? field.newUserDefault : field.ctorDefault;
    if (field.outputOnly) output[field.name] = [];
    // Shared, not copied: outputs are serialised at once (the snapshot helper clones its own).
    else if (value !== null && value !== undefined) output[field.name] = value;
  }
  return output;
}

/** Model binding: conversion errors and, from 10.9, the two `[Required]` provider ids → 400 problem details. */
export function bindPolicy(body: unknown, version: StandinVersion, extras: readonly ModelField[]): Model {
  if (!isPlainObject(body)) throw validationFailure(version, { $: ['The JSON value could not be converted to UserPolicy.'] });
  const inputFields = policyFields(version, extras).filter((field) => !field.outputOnly);
  const { values, errors } = readFields(inputFields, body);
  if (atLeast(version, '10.9')) {
    for (const name of ['AuthenticationProviderId', 'PasswordResetProviderId']) {
      const value = values[name];
      if (typeof value !== 'string' || value.trim() === '') errors[name] = [`The ${name} field is required.`];
    }
  }
  if (Object.keys(errors).length > 0) throw validationFailure(version, errors);
  return values;
}

/** `UpdatePolicyAsync`: every field is written; a missing one takes the constructor default. */
export function replacePolicy(
  posted: Model,
  version: StandinVersion,
  extras: readonly ModelField[],
  context: { userId: string; nextScheduleId: () => number },
): Model {
  const policy: Model = {};
  for (const field of policyFields(version, extras)) {
    if (field.outputOnly) continue;
    const value = field.name in posted ? posted[field.name] : copy(field.ctorDefault);
    policy[field.name] = value;
  }
  // Order of the failures follows UpdatePolicyAsync: schedules are iterated first (null → NRE → 500),
  // unrated items fall back to [], every other null array reaches string.Join (→ 400).
  if (policy.AccessSchedules === null) throw exception(500);
  policy.AccessSchedules = (policy.AccessSchedules as (Model | null)[]).map((schedule) => {
    if (schedule === null) throw exception(500);
    return { Id: context.nextScheduleId(), UserId: context.userId, ...schedule };
  });
  if (policy.BlockUnratedItems === null) policy.BlockUnratedItems = [];
  for (const field of policyFields(version, extras)) {
    const isArray = ARRAY_KINDS.has(field.kind) || (field.kind === 'any' && Array.isArray(field.ctorDefault));
    if (!field.outputOnly && isArray && policy[field.name] === null) throw exception(400);
  }
  const lockout = policy.LoginAttemptsBeforeLockout;
  if (lockout === 0) policy.LoginAttemptsBeforeLockout = 3;
  // 10.8 lets a missing provider id reach the database, whose NOT NULL constraint fails.
  if (policy.AuthenticationProviderId == null || policy.PasswordResetProviderId == null) throw exception(500);
  return policy;
}

/** Seeding helper: overlays given fields (any key case) on a model, checking them like a POST would. */
export function overlay(base: Model, fields: readonly FieldSpec[], patch: Record<string, unknown>, what: string): Model {
  const { values, errors } = readFields(fields, patch);
  if (Object.keys(errors).length > 0) throw new Error(`Invalid ${what} for the stand-in: ${Object.keys(errors).join(', ')}`);
  return { ...base, ...structuredClone(values) };
}
