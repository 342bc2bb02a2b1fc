import type { Insertable, Selectable } from 'kysely';

/**
 * The sign-up saga's journal. `reserved` → `creating` → `created` → `done`; on a failure the row
 * moves to `undoing` and stays there, retried by the undo worker, until the half-made Jellyfin user
 * is gone and the invite use released (`undone`).
 */
export type SignupState = 'reserved' | 'creating' | 'created' | 'done' | 'undoing' | 'undone';

export interface SignupsTable {
  id: string;
  invite_code: string;
  username: string;
  state: SignupState;
  jellyfin_user_id: string | null;
  error: string | null;
  attempts: number;
  next_attempt_at: string | null;
  created_at: string;
  updated_at: string;
}

export type SignupRow = Selectable<SignupsTable>;
export type NewSignupRow = Insertable<SignupsTable>;
