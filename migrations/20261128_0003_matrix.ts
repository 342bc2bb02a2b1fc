import type { Kysely } from 'kysely';

// Frozen: the Matrix bot's tables as they were on 2026-11-28. Never import app code here.
// matrix_state holds the sync token, the filter and the access token from `doorman matrix login`;
// matrix_dm_rooms the direct room used for each person, so a restart does not open new ones.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('matrix_state')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('matrix_dm_rooms')
    .addColumn('user_id', 'text', (c) => c.primaryKey())
    .addColumn('room_id', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('matrix_dm_rooms').execute();
  await db.schema.dropTable('matrix_state').execute();
}
