import type { Kysely } from 'kysely';

// Frozen: notices' own state as it was on 2026-11-28. Never import app code here.
// An account's email (given on the sign-up page) and whether announcements may go to it;
// announcement templates admins saved by name.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('accounts').addColumn('email', 'text').execute();
  await db.schema.alterTable('accounts').addColumn('announcements', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema
    .createTable('announcement_templates')
    .addColumn('name_key', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('announcement_templates').execute();
  await db.schema.alterTable('accounts').dropColumn('announcements').execute();
  await db.schema.alterTable('accounts').dropColumn('email').execute();
}
