import type { Insertable, Selectable } from 'kysely';

export interface InvitesTable {
  code: string;
  label: string | null;
  user_label: string | null;
  profile_id: string | null;
  /** 0 means unlimited. */
  uses_total: number;
  uses_count: number;
  expires_at: string;
  /** Duration text (`30d`, `1mo`) added to the sign-up time to give the account's expiry. */
  account_expiry: string | null;
  created_by: string | null;
  created_at: string;
  revoked_at: string | null;
}

export type InviteRow = Selectable<InvitesTable>;
export type NewInviteRow = Insertable<InvitesTable>;
