import type { Insertable, Selectable } from 'kysely';

export interface ApiKeysTable {
  id: string;
  name: string;
  /** The first characters of the key, shown in lists so an admin can tell keys apart. */
  prefix: string;
  /** SHA-256 of the whole key, hex. The key itself is never stored. */
  hash: string;
  created_by: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export type ApiKeyRow = Selectable<ApiKeysTable>;
export type NewApiKeyRow = Insertable<ApiKeysTable>;
