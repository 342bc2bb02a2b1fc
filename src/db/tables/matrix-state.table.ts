import type { Selectable } from 'kysely';

/**
 * The Matrix bot's own small state, by key: the sync token (so a restart never replays old
 * commands), the stored filter, the access token `doorman matrix login` obtained, and the values
 * matrix-bot-sdk asks its storage to keep.
 */
export interface MatrixStateTable {
  key: string;
  value: string;
  updated_at: string;
}

export type MatrixStateRow = Selectable<MatrixStateTable>;
