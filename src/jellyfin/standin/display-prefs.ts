/**
 * Display preferences (`/DisplayPreferences/{id}`): one record per user, item and client, created
 * with defaults on first read. A POST pulls a few known keys out of CustomPrefs into typed columns
 * and stores every other key verbatim.
 */
import { isPlainObject, readFields, toEnum } from './fields.ts';
import type { StandinVersion } from './types.ts';
import { exception, hyphenated, md5Guid, parseGuid, validationFailure } from './wire.ts';

const HOME_SECTIONS = ['None', 'SmallLibraryTiles', 'LibraryButtons', 'ActiveRecordings', 'Resume', 'ResumeAudio', 'LatestMedia', 'NextUp', 'LiveTv', 'ResumeBook'];
/** The section each slot falls back to when its saved value is not a HomeSectionType. */
const DEFAULT_SECTIONS = ['SmallLibraryTiles', 'Resume', 'ResumeAudio', 'ResumeBook', 'LiveTv', 'NextUp', 'LatestMedia', 'None'];
const VIEW_TYPES = ['Albums', 'AlbumArtists', 'Artists', 'Channels', 'Collections', 'Episodes', 'Favorites', 'Genres', 'Guide', 'Movies', 'Networks', 'Playlists', 'Programs', 'Recordings', 'Schedule', 'Series', 'Shows', 'Songs', 'Suggestions', 'Trailers', 'Upcoming', 'Watchlist'];
const INDEXING_KINDS = ['PremiereDate', 'ProductionYear', 'CommunityRating'];
const CHROMECAST_VERSIONS = ['stable', 'unstable'];

export type CustomPrefs = Record<string, string | null>;

export interface StoredDisplayPreferences {
  userId: string;
  itemId: string;
  client: string;
  indexBy: string | null;
  showBackdrop: boolean;
  showSidebar: boolean;
  scrollDirection: string;
  chromecastVersion: string;
  skipForwardLength: number;
  skipBackLength: number;
  enableNextVideoInfoOverlay: boolean;
  tvHome: string | null;
  dashboardTheme: string | null;
  homeSections: { order: number; type: string }[];
  sortBy: string;
  sortOrder: string;
  rememberIndexing: boolean;
  rememberSorting: boolean;
  customPrefs: CustomPrefs;
}

/** A GUID id is used as it is; any other string becomes the GUID of its MD5. */
export function displayPreferencesItemId(displayPreferencesId: string): string {
  return parseGuid(displayPreferencesId) ?? md5Guid(displayPreferencesId);
}

function freshRecord(userId: string, itemId: string, client: string): StoredDisplayPreferences {
  return {
    userId,
    itemId,
    client,
    indexBy: null,
    showBackdrop: true,
    showSidebar: false,
    scrollDirection: 'Horizontal',
    chromecastVersion: 'stable',
    skipForwardLength: 30000,
    skipBackLength: 10000,
    enableNextVideoInfoOverlay: true,
    tvHome: null,
    dashboardTheme: null,
    homeSections: [],
    sortBy: 'SortName',
    sortOrder: 'Ascending',
    rememberIndexing: false,
    rememberSorting: false,
    customPrefs: {},
  };
}

export class DisplayPreferencesStore {
  private readonly records = new Map<string, StoredDisplayPreferences>();

  private static key(userId: string, itemId: string, client: string): string {
    return JSON.stringify([userId, itemId, client]);
  }

  find(userId: string, itemId: string, client: string): StoredDisplayPreferences | undefined {
    return this.records.get(DisplayPreferencesStore.key(userId, itemId, client));
  }

  /** The stored record, or an unsaved one with the defaults. */
  findOrFresh(userId: string, itemId: string, client: string): StoredDisplayPreferences {
    return this.find(userId, itemId, client) ?? freshRecord(userId, itemId, client);
  }

  /** What the GET does: the record springs into existence with its defaults. */
  findOrCreate(userId: string, itemId: string, client: string): StoredDisplayPreferences {
    const record = this.findOrFresh(userId, itemId, client);
    this.save(record);
    return record;
  }

  save(record: StoredDisplayPreferences): void {
    this.records.set(DisplayPreferencesStore.key(record.userId, record.itemId, record.client), record);
  }

  removeUser(userId: string): void {
    for (const [key, record] of this.records) if (record.userId === userId) this.records.delete(key);
  }
}

/** The DTO as GET writes it. Null CustomPrefs values are dictionary values, so they stay. */
export function displayPreferencesDto(record: StoredDisplayPreferences): Record<string, unknown> {
  const customPrefs: CustomPrefs = {
    chromecastVersion: record.chromecastVersion,
    skipForwardLength: String(record.skipForwardLength),
    skipBackLength: String(record.skipBackLength),
    enableNextVideoInfoOverlay: record.enableNextVideoInfoOverlay ? 'True' : 'False',
    tvhome: record.tvHome,
    dashboardTheme: record.dashboardTheme,
  };
  for (const section of record.homeSections) customPrefs[`homesection${section.order}`] = section.type.toLowerCase();
  for (const [key, value] of Object.entries(record.customPrefs)) if (!(key in customPrefs)) customPrefs[key] = value;
  const dto: Record<string, unknown> = { Id: hyphenated(record.itemId), SortBy: record.sortBy };
  if (record.indexBy !== null) dto.IndexBy = record.indexBy;
  Object.assign(dto, {
    RememberIndexing: record.rememberIndexing,
    PrimaryImageHeight: 250,
    PrimaryImageWidth: 250,
    CustomPrefs: customPrefs,
    ScrollDirection: record.scrollDirection,
    ShowBackdrop: record.showBackdrop,
    RememberSorting: record.rememberSorting,
    SortOrder: record.sortOrder,
    ShowSidebar: record.showSidebar,
    Client: record.client,
  });
  return dto;
}

const DTO_FIELDS = [
  { name: 'SortBy', kind: 'string' },
  { name: 'IndexBy', kind: 'string' },
  { name: 'RememberIndexing', kind: 'bool' },
  { name: 'PrimaryImageHeight', kind: 'int' },
  { name: 'PrimaryImageWidth', kind: 'int' },
  { name: 'CustomPrefs', kind: 'stringMap' },
  { name: 'ScrollDirection', kind: 'enum', values: ['Horizontal', 'Vertical'] },
  { name: 'ShowBackdrop', kind: 'bool' },
  { name: 'RememberSorting', kind: 'bool' },
  { name: 'SortOrder', kind: 'enum', values: ['Ascending', 'Descending'] },
  { name: 'ShowSidebar', kind: 'bool' },
  { name: 'Id', kind: 'string' },
  { name: 'ViewType', kind: 'string' },
  { name: 'Client', kind: 'string' },
] as const;

/** Model binding of a DisplayPreferencesDto, with the DTO constructor's defaults for what is missing. */
export function bindDisplayPreferences(body: unknown, version: StandinVersion): Record<string, unknown> {
  if (!isPlainObject(body)) throw validationFailure(version, { $: ['The JSON value could not be converted to DisplayPreferencesDto.'] });
  const { values, errors } = readFields(DTO_FIELDS, body);
  if (Object.keys(errors).length > 0) throw validationFailure(version, errors);
  return { ShowBackdrop: true, ScrollDirection: 'Horizontal', SortOrder: 'Ascending', CustomPrefs: {}, ...values };
}

const isBlank = (value: string | null | undefined): value is null | undefined | '' => value === null || value === undefined || value === '';

/** `int.Parse` with the invariant culture; anything else is a FormatException (500). */
function parseInt32(text: string): number {
  const trimmed = text.trim();
  const value = /^[+-]?\d+$/.test(trimmed) ? Number(trimmed) : NaN;
  if (!Number.isInteger(value) || value < -2147483648 || value > 2147483647) throw exception(500);
  return value;
}

/** `Enum.Parse<ChromecastVersion>(…, true)`: a bad value is an ArgumentException (400). */
function parseChromecastVersion(text: string): string {
  const trimmed = text.trim();
  if (/^[+-]?\d+$/.test(trimmed)) return CHROMECAST_VERSIONS[Number(trimmed)] ?? String(Number(trimmed));
  const name = trimmed.toLowerCase();
  if (!CHROMECAST_VERSIONS.includes(name)) throw exception(400);
  return name;
}

function parseBoolean(text: string): boolean {
  const name = text.trim().toLowerCase();
  if (name !== 'true' && name !== 'false') throw exception(500);
  return name === 'true';
}

function enumTryParse(value: string | null, names: readonly string[]): string | null {
  if (value === null) return null;
  const converted = /^\s*\d+\s*$/.test(value) ? toEnum(Number(value), names) : toEnum(value, names);
  return converted.ok ? (converted.value as string) : null;
}

function takeHomeSections(prefs: CustomPrefs): { order: number; type: string }[] {
  const sections: { order: number; type: string }[] = [];
  for (const key of Object.keys(prefs).filter((name) => name.toLowerCase().startsWith('homesection'))) {
    const order = parseInt32(key.slice('homesection'.length));
    if (order < 0) throw exception(500);
    const type = enumTryParse(prefs[key], HOME_SECTIONS) ?? DEFAULT_SECTIONS[order] ?? 'None';
    delete prefs[key];
    sections.push({ order, type });
  }
  return sections;
}

/** The POST: returns the record to store; throws (and stores nothing) on the values Jellyfin chokes on. */
export function applyDisplayPreferences(current: StoredDisplayPreferences, dto: Record<string, unknown>): StoredDisplayPreferences {
  if (dto.CustomPrefs === null) throw exception(500);
  const prefs: CustomPrefs = { ...(dto.CustomPrefs as CustomPrefs) };
  const take = (key: string): string | null | undefined => {
    const value = prefs[key];
    delete prefs[key];
    return value;
  };
  const chromecast = take('chromecastVersion');
  const overlay = take('enableNextVideoInfoOverlay');
  const back = take('skipBackLength');
  const forward = take('skipForwardLength');
  const hasTheme = 'dashboardTheme' in prefs;
  const theme = take('dashboardTheme');
  const hasTvHome = 'tvhome' in prefs;
  const tvHome = take('tvhome');
  const next: StoredDisplayPreferences = {
    ...current,
    indexBy: enumTryParse((dto.IndexBy as string | null | undefined) ?? null, INDEXING_KINDS),
    showBackdrop: dto.ShowBackdrop as boolean,
    showSidebar: (dto.ShowSidebar as boolean | undefined) ?? false,
    scrollDirection: dto.ScrollDirection as string,
    chromecastVersion: isBlank(chromecast) ? 'stable' : parseChromecastVersion(chromecast),
    enableNextVideoInfoOverlay: isBlank(overlay) ? true : parseBoolean(overlay),
    skipBackLength: isBlank(back) ? 10000 : parseInt32(back),
    skipForwardLength: isBlank(forward) ? 30000 : parseInt32(forward),
    dashboardTheme: hasTheme ? (theme ?? null) : '',
    tvHome: hasTvHome ? (tvHome ?? null) : '',
  };
  next.homeSections = takeHomeSections(prefs);
  for (const key of Object.keys(prefs).filter((name) => name.toLowerCase().startsWith('landing-'))) {
    if (enumTryParse(prefs[key], VIEW_TYPES) === null) delete prefs[key];
  }
  next.sortBy = (dto.SortBy as string | null | undefined) ?? 'SortName';
  next.sortOrder = dto.SortOrder as string;
  next.rememberIndexing = (dto.RememberIndexing as boolean | undefined) ?? false;
  next.rememberSorting = (dto.RememberSorting as boolean | undefined) ?? false;
  next.customPrefs = prefs;
  return next;
}
