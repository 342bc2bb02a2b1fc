/** Public types of the Jellyfin stand-in and the version helpers every part of it uses. */

export type StandinVersion = '10.8' | '10.9' | '10.10' | '10.11';

export const STANDIN_VERSIONS: readonly StandinVersion[] = ['10.8', '10.9', '10.10', '10.11'];

/** What `/System/Info/Public` reports for each simulated version (the releases the contract read). */
export const RELEASE_OF: Readonly<Record<StandinVersion, string>> = {
  '10.8': '10.8.13',
  '10.9': '10.9.11',
  '10.10': '10.10.7',
  '10.11': '10.11.11',
};

export function atLeast(version: StandinVersion, minimum: StandinVersion): boolean {
  return STANDIN_VERSIONS.indexOf(version) >= STANDIN_VERSIONS.indexOf(minimum);
}

export interface StandinOptions {
  version?: StandinVersion;
  /** e.g. '/jellyfin'; default '' (no prefix). */
  baseUrl?: string;
  /** default 0 (any free port); the host is always 127.0.0.1. */
  port?: number;
  admin?: { name: string; password: string };
  /** default Movies/movies, Shows/tvshows, Music/music. */
  libraries?: { name: string; collectionType?: string }[];
  serverName?: string;
  /** Fields this server's UserPolicy has beyond the known ones, with their constructor defaults:
   *  simulates a newer Jellyfin that knows a field Doorman has never heard of. */
  extraPolicyFields?: Record<string, unknown>;
  /** Same for UserConfiguration. */
  extraConfigurationFields?: Record<string, unknown>;
  /** 10.11's `EnableLegacyAuthorization` (default true): X-Emby-Authorization, X-Emby-Token,
   *  X-MediaBrowser-Token, `?api_key=` and the `Emby` scheme. Ignored before 10.11 (always on). */
  legacyAuthorization?: boolean;
}

export interface RecordedRequest {
  /** Upper case. */
  method: string;
  /** As received, without the query string. */
  path: string;
  /** Normalised pattern such as `POST /Users/{id}/Policy`; null when nothing matched. */
  route: string | null;
  /** Keys as sent. */
  query: Record<string, string>;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** Parsed JSON when it parsed, else the raw text, else undefined. */
  body: unknown;
  /** What the stand-in answered (0 when it never answered). */
  status: number;
  /** Date.now() at arrival. */
  at: number;
}

export interface FailOnOptions {
  /** 1-based, counted from the failOn call; default 1. */
  nth?: number;
  /** How many consecutive calls fail, starting at the nth; default 1. */
  times?: number;
  /** default 500. */
  status?: number;
}

export interface HangOnOptions {
  nth?: number;
  times?: number;
}

export interface SeedUserOptions {
  password?: string;
  admin?: boolean;
  policy?: Record<string, unknown>;
  configuration?: Record<string, unknown>;
}

export interface UserSnapshot {
  Id: string;
  Name: string;
  Policy: Record<string, unknown>;
  Configuration: Record<string, unknown>;
}
