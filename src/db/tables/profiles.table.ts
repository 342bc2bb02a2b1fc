import type { Insertable, Selectable, Updateable } from 'kysely';

export interface ProfilesTable {
  id: string;
  name: string;
  /** Lower-cased name: profile names are unique regardless of case. */
  name_key: string;
  /** The whole Jellyfin UserPolicy as JSON, unknown fields included. */
  policy: string;
  configuration: string | null;
  display_prefs: string | null;
  is_default: number;
  source_user: string | null;
  created_at: string;
  updated_at: string;
}

export type ProfileRow = Selectable<ProfilesTable>;
export type NewProfileRow = Insertable<ProfilesTable>;
export type ProfileUpdate = Updateable<ProfilesTable>;
