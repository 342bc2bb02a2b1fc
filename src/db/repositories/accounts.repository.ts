import type { Db } from '../database.ts';
import type { AccountRow, NewAccountRow } from '../tables/accounts.table.ts';

export class AccountsRepository {
  constructor(private readonly db: Db) {}

  async insert(row: NewAccountRow): Promise<void> {
    await this.db.insertInto('accounts').values(row).execute();
  }

  async findById(jellyfinUserId: string): Promise<AccountRow | undefined> {
    return this.db.selectFrom('accounts').selectAll().where('jellyfin_user_id', '=', jellyfinUserId).executeTakeFirst();
  }

  async findByIds(jellyfinUserIds: readonly string[]): Promise<AccountRow[]> {
    if (jellyfinUserIds.length === 0) return [];
    return this.db.selectFrom('accounts').selectAll().where('jellyfin_user_id', 'in', jellyfinUserIds).execute();
  }

  async list(): Promise<AccountRow[]> {
    return this.db.selectFrom('accounts').selectAll().orderBy('username').execute();
  }

  async setAnnouncements(jellyfinUserId: string, on: boolean, at: string): Promise<number> {
    const result = await this.db.updateTable('accounts').set({ announcements: on ? 1 : 0, updated_at: at }).where('jellyfin_user_id', '=', jellyfinUserId).executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async setEmail(jellyfinUserId: string, email: string | null, at: string): Promise<void> {
    await this.db.updateTable('accounts').set({ email, updated_at: at }).where('jellyfin_user_id', '=', jellyfinUserId).execute();
  }
}
