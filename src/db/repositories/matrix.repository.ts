import type { Db } from '../database.ts';

/**
 * The Matrix bot's state (matrix_state) and remembered direct rooms (matrix_dm_rooms). Its method
 * names are the adapter's `MatrixStore` (adapters/matrix/store.ts), so src/app.ts hands it over as is.
 */
export class MatrixRepository {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async readValue(key: string): Promise<string | null> {
    const row = await this.db.selectFrom('matrix_state').select('value').where('key', '=', key).executeTakeFirst();
    return row?.value ?? null;
  }

  /** Sets the value; null removes the key. */
  async writeValue(key: string, value: string | null): Promise<void> {
    if (value === null) {
      await this.db.deleteFrom('matrix_state').where('key', '=', key).execute();
      return;
    }
    const updated_at = this.now().toISOString();
    await this.db
      .insertInto('matrix_state')
      .values({ key, value, updated_at })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at }))
      .execute();
  }

  async dmRoomOf(userId: string): Promise<string | null> {
    const row = await this.db.selectFrom('matrix_dm_rooms').select('room_id').where('user_id', '=', userId).executeTakeFirst();
    return row?.room_id ?? null;
  }

  async rememberDmRoom(userId: string, roomId: string): Promise<void> {
    const updated_at = this.now().toISOString();
    await this.db
      .insertInto('matrix_dm_rooms')
      .values({ user_id: userId, room_id: roomId, updated_at })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ room_id: roomId, updated_at }))
      .execute();
  }

  /** Forgets the room for this person, unless another room was remembered meanwhile. */
  async forgetDmRoom(userId: string, roomId: string): Promise<void> {
    await this.db.deleteFrom('matrix_dm_rooms').where('user_id', '=', userId).where('room_id', '=', roomId).execute();
  }
}
