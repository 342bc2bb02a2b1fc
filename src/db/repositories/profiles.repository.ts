import { sql } from 'kysely';
import type { Db } from '../database.ts';
import type { NewProfileRow, ProfileRow } from '../tables/profiles.table.ts';

export class ProfilesRepository {
  constructor(private readonly db: Db) {}

  async insert(row: NewProfileRow): Promise<void> {
    await this.db.insertInto('profiles').values(row).execute();
  }

  async findById(id: string): Promise<ProfileRow | undefined> {
    return this.db.selectFrom('profiles').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async findByNameKey(nameKey: string): Promise<ProfileRow | undefined> {
    return this.db.selectFrom('profiles').selectAll().where('name_key', '=', nameKey).executeTakeFirst();
  }

  async findDefault(): Promise<ProfileRow | undefined> {
    return this.db.selectFrom('profiles').selectAll().where('is_default', '=', 1).executeTakeFirst();
  }

  async listByName(): Promise<ProfileRow[]> {
    return this.db.selectFrom('profiles').selectAll().orderBy('name_key').execute();
  }

  async count(): Promise<number> {
    const row = await this.db.selectFrom('profiles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Makes this profile the only default one, in one statement. */
  async makeOnlyDefault(id: string): Promise<void> {
    await this.db
      .updateTable('profiles')
      .set({ is_default: sql<number>`case when id = ${id} then 1 else 0 end` })
      .execute();
  }

  async rename(id: string, name: string, nameKey: string, at: string): Promise<void> {
    await this.db.updateTable('profiles').set({ name, name_key: nameKey, updated_at: at }).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('profiles').where('id', '=', id).execute();
  }
}
