/**
 * The UserConfiguration model: fields per version (id arrays are string[] on 10.8, Guid[] from 10.9,
 * where CastReceiverId appears too), constructor defaults, and `UpdateConfigurationAsync`.
 */
import { isPlainObject, readFields } from './fields.ts';
import type { Model, ModelField } from './policy.ts';
import { exception, validationFailure } from './wire.ts';
import { atLeast, type StandinVersion } from './types.ts';

/** `ServerConfiguration.CastReceiverApplications` of a default install; the first is what new users get. */
export const CAST_RECEIVERS = [
  { Id: 'F007D354', Name: 'Stable' },
  { Id: '6F511C87', Name: 'Unstable' },
];

const SUBTITLE_MODES = ['Default', 'Always', 'OnlyForced', 'None', 'Smart'];
const ID_ARRAYS = ['GroupedFolders', 'OrderedViews', 'LatestItemsExcludes', 'MyMediaExcludes'];

function configurationFieldsOf(version: StandinVersion): ModelField[] {
  const idKind = atLeast(version, '10.9') ? 'guids' : 'strings';
  const flag = (name: string, ctorDefault: boolean): ModelField => ({ name, kind: 'bool', ctorDefault });
  const ids = (name: string): ModelField => ({ name, kind: idKind, ctorDefault: [] });
  const fields: ModelField[] = [
    { name: 'AudioLanguagePreference', kind: 'string', ctorDefault: null },
    flag('PlayDefaultAudioTrack', true),
    { name: 'SubtitleLanguagePreference', kind: 'string', ctorDefault: null },
    flag('DisplayMissingEpisodes', false),
    ids('GroupedFolders'),
    { name: 'SubtitleMode', kind: 'enum', values: SUBTITLE_MODES, ctorDefault: 'Default' },
    flag('DisplayCollectionsView', false),
    flag('EnableLocalPassword', false),
    ids('OrderedViews'),
    ids('LatestItemsExcludes'),
    ids('MyMediaExcludes'),
    flag('HidePlayedInLatest', true),
    flag('RememberAudioSelections', true),
    flag('RememberSubtitleSelections', true),
    flag('EnableNextEpisodeAutoPlay', true),
  ];
  if (atLeast(version, '10.9')) fields.push({ name: 'CastReceiverId', kind: 'string', ctorDefault: null });
  return fields;
}

const fieldLists = new WeakMap<readonly ModelField[], Map<StandinVersion, ModelField[]>>();

/** Built once per version (+ extras): every user in every list reply walks it. */
export function configurationFields(version: StandinVersion, extras: readonly ModelField[]): ModelField[] {
  let byVersion = fieldLists.get(extras);
  if (!byVersion) fieldLists.set(extras, (byVersion = new Map()));
  let fields = byVersion.get(version);
  if (!fields) byVersion.set(version, (fields = [...configurationFieldsOf(version), ...extras]));
  return fields;
}

/** A new user: the constructor defaults plus (10.9+) the first configured cast receiver. */
export function newUserConfiguration(version: StandinVersion, extras: readonly ModelField[]): Model {
  const configuration: Model = {};
  for (const field of configurationFields(version, extras)) configuration[field.name] = structuredClone(field.ctorDefault);
  if (atLeast(version, '10.9')) configuration.CastReceiverId = CAST_RECEIVERS[0].Id;
  return configuration;
}

function newUserConfigurationDefault(field: ModelField, version: StandinVersion): unknown {
  if (field.name === 'CastReceiverId' && atLeast(version, '10.9')) return CAST_RECEIVERS[0].Id;
  return field.ctorDefault;
}

/** As GetUserDto writes it: SubtitleLanguagePreference is "" when unset, other nulls are left out. */
export function configurationOutput(stored: Model, version: StandinVersion, extras: readonly ModelField[]): Model {
  const output: Model = {};
  for (const field of configurationFields(version, extras)) {
    let value = field.name in stored ? stored[field.name] : newUserConfigurationDefault(field, version);
    if (field.name === 'SubtitleLanguagePreference') value ??= '';
    // Shared, not copied: outputs are serialised at once (the snapshot helper clones its own).
    if (value !== null && value !== undefined) output[field.name] = value;
  }
  return output;
}

export function bindConfiguration(body: unknown, version: StandinVersion, extras: readonly ModelField[]): Model {
  if (!isPlainObject(body)) throw validationFailure(version, { $: ['The JSON value could not be converted to UserConfiguration.'] });
  const { values, errors } = readFields(configurationFields(version, extras), body);
  if (Object.keys(errors).length > 0) throw validationFailure(version, errors);
  return values;
}

/** Every field is overwritten, except CastReceiverId, which only changes to a configured receiver. */
export function replaceConfiguration(current: Model, posted: Model, version: StandinVersion, extras: readonly ModelField[]): Model {
  const configuration: Model = {};
  for (const field of configurationFields(version, extras)) {
    configuration[field.name] = field.name in posted ? posted[field.name] : structuredClone(field.ctorDefault);
  }
  if (atLeast(version, '10.9')) {
    const wanted = configuration.CastReceiverId;
    const known = CAST_RECEIVERS.some((receiver) => receiver.Id === wanted);
    configuration.CastReceiverId = known ? wanted : (current.CastReceiverId ?? CAST_RECEIVERS[0].Id);
  }
  for (const field of configurationFields(version, extras)) {
    const isArray = ID_ARRAYS.includes(field.name) || (field.kind === 'any' && Array.isArray(field.ctorDefault));
    if (isArray && configuration[field.name] === null) throw exception(400);
  }
  return configuration;
}
