import type { Selectable } from 'kysely';

/** The direct room the Matrix bot uses for each person (one they opened with the bot, or one it created). */
export interface MatrixDmRoomsTable {
  /** The person's Matrix id (`@alice:example.org`). */
  user_id: string;
  room_id: string;
  updated_at: string;
}

export type MatrixDmRoomRow = Selectable<MatrixDmRoomsTable>;
