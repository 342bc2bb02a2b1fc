import type { Updateable } from 'kysely';
import type { Db } from '../database.ts';
import type { NewSignupRow, SignupRow, SignupState, SignupsTable } from '../tables/signups.table.ts';

export class SignupsRepository {
  constructor(private readonly db: Db) {}

  async insert(row: NewSignupRow): Promise<void> {
    await this.db.insertInto('signups').values(row).execute();
  }

  async findById(id: string): Promise<SignupRow | undefined> {
    return this.db.selectFrom('signups').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async update(id: string, changes: Updateable<SignupsTable>): Promise<void> {
    await this.db.updateTable('signups').set(changes).where('id', '=', id).execute();
  }

  /** Changes the row only while it is in one of `from`; returns how many rows changed. */
  async updateIfState(id: string, from: SignupState[], changes: Updateable<SignupsTable>): Promise<number> {
    const result = await this.db.updateTable('signups').set(changes).where('id', '=', id).where('state', 'in', from).executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async listInState(state: SignupState): Promise<SignupRow[]> {
    return this.db.selectFrom('signups').selectAll().where('state', '=', state).orderBy('created_at').execute();
  }

  /** Undos whose next attempt is due (or never scheduled). */
  async listUndosDue(now: string): Promise<SignupRow[]> {
    return this.db
      .selectFrom('signups')
      .selectAll()
      .where('state', '=', 'undoing')
      .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)]))
      .orderBy('created_at')
      .execute();
  }

  /** Rows left in one of these states since before `before`: sign-ups a crash interrupted. */
  async listStuck(states: SignupState[], before: string): Promise<SignupRow[]> {
    return this.db.selectFrom('signups').selectAll().where('state', 'in', states).where('updated_at', '<', before).execute();
  }

  /** Other journal rows that claim this Jellyfin user. */
  async listByJellyfinUser(jellyfinUserId: string): Promise<SignupRow[]> {
    return this.db.selectFrom('signups').selectAll().where('jellyfin_user_id', '=', jellyfinUserId).execute();
  }
}
