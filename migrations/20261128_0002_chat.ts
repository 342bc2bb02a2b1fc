import type { Kysely } from 'kysely';

// Frozen: the chat tables as they were on 2026-11-28. Never import app code here.
// Chat user ids are text (Telegram's exceed 2^31); secrets (PINs, link tokens) are stored as SHA-256 hex.

export async function up(db: Kysely<any>): Promise<void> {
  await createChatIdentities(db);
  await createContactPins(db);
  await createContactAttempts(db);
  await createAccountLinkTokens(db);
}

async function createChatIdentities(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('chat_identities')
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('handle', 'text')
    .addColumn('handle_key', 'text')
    .addColumn('lang', 'text')
    .addColumn('notify', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('jellyfin_user_id', 'text')
    .addColumn('linked_at', 'text')
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('chat_identities_pk', ['platform', 'user_id'])
    .execute();
  await db.schema.createIndex('chat_identities_by_handle').on('chat_identities').columns(['platform', 'handle_key']).execute();
  await db.schema.createIndex('chat_identities_by_account').on('chat_identities').column('jellyfin_user_id').execute();
}

async function createContactPins(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('contact_pins')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('pin_hash', 'text', (c) => c.notNull().unique())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('invite_code', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('handle', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('verified_at', 'text')
    .addColumn('consumed_at', 'text')
    .execute();
}

async function createContactAttempts(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('contact_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contact_attempts_by_scope').on('contact_attempts').columns(['scope', 'at']).execute();
}

async function createAccountLinkTokens(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('account_link_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['account_link_tokens', 'contact_attempts', 'contact_pins', 'chat_identities']) {
    await db.schema.dropTable(table).execute();
  }
}
