import type { Insertable, Selectable } from 'kysely';

/** One wrong PIN (or one PIN message asked for) in a rate-limit scope; the scope is a hash, never an IP. */
export interface ContactAttemptsTable {
  id: string;
  scope: string;
  at: string;
}

export type ContactAttemptRow = Selectable<ContactAttemptsTable>;
export type NewContactAttemptRow = Insertable<ContactAttemptsTable>;
