import type { Db } from '../database.ts';
import type { ChatIdentityRow, NewChatIdentityRow } from '../tables/chat-identities.table.ts';

export class ChatIdentitiesRepository {
  constructor(private readonly db: Db) {}

  /**
   * Inserts a first sighting, or refreshes the handle and last_seen_at of a known identity (and the
   * client language when the platform reported one: a message without it keeps the last known).
   */
  async upsertSeen(row: NewChatIdentityRow): Promise<void> {
    await this.db
      .insertInto('chat_identities')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['platform', 'user_id']).doUpdateSet({
          handle: row.handle,
          handle_key: row.handle_key,
          last_seen_at: row.last_seen_at,
          ...(row.client_lang ? { client_lang: row.client_lang } : {}),
        }),
      )
      .execute();
  }

  /** Inserts the identity unless it is known already (then nothing changes). */
  async insertIfMissing(row: NewChatIdentityRow): Promise<void> {
    await this.db.insertInto('chat_identities').values(row).onConflict((oc) => oc.columns(['platform', 'user_id']).doNothing()).execute();
  }

  async find(platform: string, userId: string): Promise<ChatIdentityRow | undefined> {
    return this.db.selectFrom('chat_identities').selectAll().where('platform', '=', platform).where('user_id', '=', userId).executeTakeFirst();
  }

  /** The most recently seen identity with this handle key (handles move between accounts over time). */
  async findByHandle(platform: string, handleKey: string): Promise<ChatIdentityRow | undefined> {
    return this.db
      .selectFrom('chat_identities')
      .selectAll()
      .where('platform', '=', platform)
      .where('handle_key', '=', handleKey)
      .orderBy('last_seen_at', 'desc')
      .executeTakeFirst();
  }

  /** The chat accounts linked to any of these accounts (one query for a whole announcement). */
  async listByAccounts(jellyfinUserIds: readonly string[]): Promise<ChatIdentityRow[]> {
    if (jellyfinUserIds.length === 0) return [];
    return this.db.selectFrom('chat_identities').selectAll().where('jellyfin_user_id', 'in', jellyfinUserIds).orderBy('platform').execute();
  }

  async listByAccount(jellyfinUserId: string): Promise<ChatIdentityRow[]> {
    return this.db.selectFrom('chat_identities').selectAll().where('jellyfin_user_id', '=', jellyfinUserId).orderBy('platform').execute();
  }

  async setLink(platform: string, userId: string, jellyfinUserId: string | null, at: string | null): Promise<number> {
    const result = await this.db
      .updateTable('chat_identities')
      .set({ jellyfin_user_id: jellyfinUserId, linked_at: at })
      .where('platform', '=', platform)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async setPreferences(platform: string, userId: string, changes: { lang?: string; notify?: number }): Promise<void> {
    await this.db.updateTable('chat_identities').set(changes).where('platform', '=', platform).where('user_id', '=', userId).execute();
  }
}
