import type { Insertable, Selectable } from 'kysely';

/** A short-lived sign-in link that binds a chat account to the Jellyfin account that signs in with it. */
export interface AccountLinkTokensTable {
  /** SHA-256 hex of the token in the link. */
  token_hash: string;
  platform: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export type AccountLinkTokenRow = Selectable<AccountLinkTokensTable>;
export type NewAccountLinkTokenRow = Insertable<AccountLinkTokensTable>;
