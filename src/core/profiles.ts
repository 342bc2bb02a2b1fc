import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { createRepositories, inTransaction, isUniqueViolation, type Repositories } from '../db/repositories/index.ts';
import type { ProfileRow } from '../db/tables/profiles.table.ts';
import type { JellyfinClient } from '../jellyfin/client.ts';
import type { JfConfiguration, JfDisplayPreferences, JfPolicy, JfUser } from '../jellyfin/types.ts';
import type { Clock } from './clock.ts';
import { DomainError } from './errors.ts';
import { fromJellyfin } from './failures.ts';
import type { ProfileView } from './views.ts';

export interface CaptureProfileInput {
  name: string;
  /** A Jellyfin username, matched case-insensitively. */
  from: string;
  /** Also copy the user's Configuration and home-screen display preferences. */
  homescreen?: boolean;
}

/** What sign-up lays over a new user: the stored JSON, parsed. */
export interface ProfileTemplate {
  id: string;
  name: string;
  policy: JfPolicy;
  configuration: JfConfiguration | null;
  displayPrefs: JfDisplayPreferences | null;
}

export type ProfileDetails = ProfileView & {
  policy: Record<string, unknown>;
  configuration: Record<string, unknown> | null;
  display_prefs: Record<string, unknown> | null;
};

const CAPTURE_UNAVAILABLE = 'The media server did not answer, so no profile was captured. Please try again in a minute.';
const MAX_NAME_LENGTH = 100;

export class ProfileService {
  private readonly repos: Repositories;

  constructor(
    private readonly db: Db,
    private readonly jellyfin: JellyfinClient,
    private readonly clock: Clock,
  ) {
    this.repos = createRepositories(db);
  }

  /** Copies a Jellyfin user's whole policy (and with `homescreen`, configuration and display preferences). */
  async capture(input: CaptureProfileInput): Promise<ProfileView> {
    const name = checkName(input.name);
    await this.refuseTaken(name);
    const source = await fromJellyfin(() => this.jellyfin.findUserByName(input.from.trim()), CAPTURE_UNAVAILABLE);
    if (!source) throw new DomainError('not_found', `Jellyfin has no user named ${JSON.stringify(input.from)}.`, { field: 'from' });
    const { configuration, displayPrefs } = await this.readHomescreen(source, input.homescreen === true);
    const now = this.clock.now().toISOString();
    const id = randomUUID();
    try {
      await inTransaction(this.db, async (repos) => {
        const isFirst = (await repos.profiles.count()) === 0;
        await repos.profiles.insert({
          id,
          name,
          name_key: nameKey(name),
          policy: JSON.stringify(source.Policy ?? {}),
          configuration: configuration === null ? null : JSON.stringify(configuration),
          display_prefs: displayPrefs === null ? null : JSON.stringify(displayPrefs),
          is_default: isFirst ? 1 : 0,
          source_user: source.Name,
          created_at: now,
          updated_at: now,
        });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken(name);
      throw error;
    }
    return toView(await this.requireById(id));
  }

  async list(): Promise<ProfileView[]> {
    return (await this.repos.profiles.listByName()).map(toView);
  }

  async show(name: string): Promise<ProfileDetails> {
    const row = await this.requireByName(name);
    return {
      ...toView(row),
      policy: JSON.parse(row.policy) as Record<string, unknown>,
      configuration: row.configuration === null ? null : (JSON.parse(row.configuration) as Record<string, unknown>),
      display_prefs: row.display_prefs === null ? null : (JSON.parse(row.display_prefs) as Record<string, unknown>),
    };
  }

  async setDefault(name: string): Promise<ProfileView> {
    const row = await this.requireByName(name);
    await this.repos.profiles.makeOnlyDefault(row.id);
    return toView(await this.requireById(row.id));
  }

  async rename(name: string, to: string): Promise<ProfileView> {
    const row = await this.requireByName(name);
    const newName = checkName(to);
    const existing = await this.repos.profiles.findByNameKey(nameKey(newName));
    if (existing && existing.id !== row.id) throw nameTaken(newName);
    try {
      await this.repos.profiles.rename(row.id, newName, nameKey(newName), this.clock.now().toISOString());
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken(newName);
      throw error;
    }
    return toView(await this.requireById(row.id));
  }

  /** Invites that named this profile fall back to the default one (the foreign key sets them to null). */
  async remove(name: string): Promise<void> {
    const row = await this.requireByName(name);
    await this.repos.profiles.delete(row.id);
  }

  /** The profile by name, case-insensitively; not_found lists the names that exist. */
  async requireByName(name: string): Promise<ProfileRow> {
    const row = await this.repos.profiles.findByNameKey(nameKey(name));
    if (row) return row;
    const names = (await this.repos.profiles.listByName()).map((p) => p.name);
    const known = names.length ? `Profiles: ${names.join(', ')}.` : 'There are no profiles yet: capture one with `profile capture`.';
    throw new DomainError('not_found', `No profile is named ${JSON.stringify(name)}. ${known}`, { field: 'profile' });
  }

  /** The profile a sign-up applies: the invite's own, else the default, else none. */
  async templateFor(profileId: string | null): Promise<ProfileTemplate | null> {
    const row = (profileId ? await this.repos.profiles.findById(profileId) : undefined) ?? (await this.repos.profiles.findDefault());
    if (!row) return null;
    return {
      id: row.id,
      name: row.name,
      policy: JSON.parse(row.policy) as JfPolicy,
      configuration: row.configuration === null ? null : (JSON.parse(row.configuration) as JfConfiguration),
      displayPrefs: row.display_prefs === null ? null : (JSON.parse(row.display_prefs) as JfDisplayPreferences),
    };
  }

  private async readHomescreen(
    source: JfUser,
    wanted: boolean,
  ): Promise<{ configuration: JfConfiguration | null; displayPrefs: JfDisplayPreferences | null }> {
    if (!wanted) return { configuration: null, displayPrefs: null };
    const displayPrefs = await fromJellyfin(() => this.jellyfin.getDisplayPreferences(source.Id), CAPTURE_UNAVAILABLE);
    return { configuration: source.Configuration ?? {}, displayPrefs };
  }

  private async refuseTaken(name: string): Promise<void> {
    if (await this.repos.profiles.findByNameKey(nameKey(name))) throw nameTaken(name);
  }

  private async requireById(id: string): Promise<ProfileRow> {
    const row = await this.repos.profiles.findById(id);
    if (!row) throw new DomainError('not_found', 'That profile no longer exists.');
    return row;
  }
}

export function nameKey(name: string): string {
  return name.trim().toLowerCase();
}

function checkName(name: string): string {
  const trimmed = (name ?? '').trim();
  if (trimmed === '') throw new DomainError('validation', 'Give the profile a name.', { field: 'name' });
  if (trimmed.length > MAX_NAME_LENGTH) {
    throw new DomainError('validation', `Profile names may be at most ${MAX_NAME_LENGTH} characters long.`, { field: 'name' });
  }
  return trimmed;
}

function nameTaken(name: string): DomainError {
  return new DomainError('conflict', `A profile named ${JSON.stringify(name)} already exists (names are compared ignoring case).`, {
    field: 'name',
  });
}

function toView(row: ProfileRow): ProfileView {
  return {
    id: row.id,
    name: row.name,
    is_default: row.is_default === 1,
    source_user: row.source_user,
    has_configuration: row.configuration !== null,
    has_display_prefs: row.display_prefs !== null,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}
