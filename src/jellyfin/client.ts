import type { Logger } from '../log.ts';
import type { JfDisplayPreferences, JfConfiguration, JfLibrary, JfPolicy, JfServerInfo, JfUser } from './types.ts';

// SKELETON: signatures agreed for the Foundation; bodies are filled in by the client work.

export interface JellyfinClientOptions {
  /** Base address, with the server's base URL path if it has one (`http://host:8096/jellyfin`). */
  url: string;
  username: string;
  password: string;
  /** Stable across restarts (kept in the database), so Jellyfin's device list does not grow. */
  deviceId: string;
  timeoutMs?: number;
  /** Extra attempts for idempotent calls on network errors and 5xx. */
  retries?: number;
  retryBaseMs?: number;
  clientName?: string;
  deviceName?: string;
  appVersion?: string;
  log?: Logger;
}

export class JellyfinClient {
  constructor(readonly options: JellyfinClientOptions) {}

  /** GET /System/Info/Public (anonymous); remembered, it decides the username rules. */
  async serverInfo(): Promise<JfServerInfo> {
    throw new Error('not implemented');
  }

  async login(): Promise<void> {
    throw new Error('not implemented');
  }

  /** Every user. Throws on any failure: an error is never reported as an empty list. */
  async listUsers(): Promise<JfUser[]> {
    throw new Error('not implemented');
  }

  async getUser(id: string): Promise<JfUser | null> {
    throw new Error(`not implemented ${id}`);
  }

  /** Case-insensitive, on a freshly fetched list. */
  async findUserByName(name: string): Promise<JfUser | null> {
    throw new Error(`not implemented ${name}`);
  }

  /** Why Jellyfin would refuse this name on the detected version, or null when it is fine. */
  usernameProblem(name: string): string | null {
    throw new Error(`not implemented ${name}`);
  }

  /**
   * Validates the name, checks for a case-insensitive duplicate, then POST /Users/New (never
   * retried: it is not idempotent). Throws DomainError username_invalid / username_taken.
   */
  async createUser(name: string, password: string): Promise<JfUser> {
    throw new Error(`not implemented ${name} ${password.length}`);
  }

  /** A user that is already gone counts as deleted. */
  async deleteUser(id: string): Promise<void> {
    throw new Error(`not implemented ${id}`);
  }

  /** POSTs the whole policy: null arrays become [], provider ids are always present. */
  async setPolicy(id: string, policy: JfPolicy): Promise<void> {
    throw new Error(`not implemented ${id} ${Object.keys(policy).length}`);
  }

  async setConfiguration(id: string, configuration: JfConfiguration): Promise<void> {
    throw new Error(`not implemented ${id} ${Object.keys(configuration).length}`);
  }

  async getDisplayPreferences(userId: string, client?: string): Promise<JfDisplayPreferences> {
    throw new Error(`not implemented ${userId} ${client}`);
  }

  async setDisplayPreferences(userId: string, prefs: JfDisplayPreferences, client?: string): Promise<void> {
    throw new Error(`not implemented ${userId} ${client} ${Object.keys(prefs).length}`);
  }

  async listLibraries(): Promise<JfLibrary[]> {
    throw new Error('not implemented');
  }
}
