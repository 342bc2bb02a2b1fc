import type { Generated, Insertable, Selectable } from 'kysely';

export interface AccountsTable {
  jellyfin_user_id: string;
  username: string;
  invite_code: string | null;
  profile_id: string | null;
  label: string | null;
  expires_at: string | null;
  /** Given on the sign-up page; notices fall back to it when no chat reaches the person. */
  email: Generated<string | null>;
  /** 1 while announcements may be emailed (the opt-out link sets 0). */
  announcements: Generated<number>;
  created_at: string;
  updated_at: string;
}

export type AccountRow = Selectable<AccountsTable>;
export type NewAccountRow = Insertable<AccountsTable>;
