import type { Kysely } from 'kysely';

// Frozen: this file describes the schema as it was on 2026-11-28. Never import app code here.
// Types are portable between SQLite and PostgreSQL: text ids, ISO-8601 UTC text timestamps,
// integer 0/1 flags, JSON kept as text.

export async function up(db: Kysely<any>): Promise<void> {
  await createMeta(db);
  await createProfiles(db);
  await createInvites(db);
  await createAccounts(db);
  await createInviteRedemptions(db);
  await createSignups(db);
  await createApiKeys(db);
}

async function createMeta(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

async function createProfiles(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('profiles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull().unique())
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('configuration', 'text')
    .addColumn('display_prefs', 'text')
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('source_user', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

async function createInvites(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('invites')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('label', 'text')
    .addColumn('user_label', 'text')
    .addColumn('profile_id', 'text', (c) => c.references('profiles.id').onDelete('set null'))
    .addColumn('uses_total', 'integer', (c) => c.notNull())
    .addColumn('uses_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('account_expiry', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
}

async function createAccounts(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('accounts')
    .addColumn('jellyfin_user_id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('invite_code', 'text')
    .addColumn('profile_id', 'text')
    .addColumn('label', 'text')
    .addColumn('expires_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

async function createInviteRedemptions(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('invite_redemptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('invite_code', 'text', (c) => c.notNull())
    .addColumn('jellyfin_user_id', 'text', (c) => c.notNull().unique())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('redeemed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('invite_redemptions_by_invite').on('invite_redemptions').column('invite_code').execute();
}

async function createSignups(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('signups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('invite_code', 'text', (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('jellyfin_user_id', 'text')
    .addColumn('error', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('signups_by_state').on('signups').columns(['state', 'next_attempt_at']).execute();
}

async function createApiKeys(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['api_keys', 'signups', 'invite_redemptions', 'accounts', 'invites', 'profiles', 'meta']) {
    await db.schema.dropTable(table).execute();
  }
}
