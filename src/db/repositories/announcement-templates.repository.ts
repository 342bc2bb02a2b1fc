import type { Db } from '../database.ts';
import type { AnnouncementTemplateRow } from '../tables/announcement-templates.table.ts';

export class AnnouncementTemplatesRepository {
  constructor(private readonly db: Db) {}

  /** Saves under the name, replacing the text of one saved before under the same name (any case). */
  async save(row: AnnouncementTemplateRow): Promise<void> {
    await this.db
      .insertInto('announcement_templates')
      .values(row)
      .onConflict((oc) => oc.column('name_key').doUpdateSet({ name: row.name, text: row.text, updated_at: row.updated_at }))
      .execute();
  }

  async find(nameKey: string): Promise<AnnouncementTemplateRow | undefined> {
    return this.db.selectFrom('announcement_templates').selectAll().where('name_key', '=', nameKey).executeTakeFirst();
  }

  async list(): Promise<AnnouncementTemplateRow[]> {
    return this.db.selectFrom('announcement_templates').selectAll().orderBy('name_key').execute();
  }

  async delete(nameKey: string): Promise<number> {
    const result = await this.db.deleteFrom('announcement_templates').where('name_key', '=', nameKey).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
