import type { Kysely } from 'kysely';

// Frozen: the chat client's language on chat_identities, as of 2026-11-28. Never import app code here.
// `lang` stays what the person chose with the `lang` command; `client_lang` is what their chat client
// reported (Telegram's language_code), refreshed on every sighting and used only when `lang` is unset.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('chat_identities').addColumn('client_lang', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('chat_identities').dropColumn('client_lang').execute();
}
