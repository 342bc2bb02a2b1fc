import type { Insertable, Selectable } from 'kysely';

export interface AccountsTable {
  jellyfin_user_id: string;
  username: string;
  invite_code: string | null;
  profile_id: string | null;
  label: string | null;
  expires_at: string | null;
  created_at: string;
  updated_at: string;
}

export type AccountRow = Selectable<AccountsTable>;
export type NewAccountRow = Insertable<AccountsTable>;
