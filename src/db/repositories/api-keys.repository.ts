import type { Db } from '../database.ts';
import type { ApiKeyRow, NewApiKeyRow } from '../tables/api-keys.table.ts';

export class ApiKeysRepository {
  constructor(private readonly db: Db) {}

  async insert(row: NewApiKeyRow): Promise<void> {
    await this.db.insertInto('api_keys').values(row).execute();
  }

  async list(): Promise<ApiKeyRow[]> {
    return this.db.selectFrom('api_keys').selectAll().orderBy('created_at').orderBy('id').execute();
  }

  async findById(id: string): Promise<ApiKeyRow | undefined> {
    return this.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async listByPrefix(prefix: string): Promise<ApiKeyRow[]> {
    return this.db.selectFrom('api_keys').selectAll().where('prefix', '=', prefix).execute();
  }

  async revoke(id: string, at: string): Promise<void> {
    await this.db.updateTable('api_keys').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
  }

  async touch(id: string, at: string): Promise<void> {
    await this.db.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', id).execute();
  }
}
