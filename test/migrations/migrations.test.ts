import { Kysely, NO_MIGRATIONS, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migrator, openDatabase } from '../../src/db/database.ts';
import { postgresUrl } from '../support/prereq.ts';

// One table per line: each migration adds its own (compared sorted).
const TABLES = [
  'account_link_tokens',
  'accounts',
  'api_keys',
  'chat_identities',
  'contact_attempts',
  'contact_pins',
  'invite_redemptions',
  'invites',
  'matrix_dm_rooms',
  'matrix_state',
  'meta',
  'outbox',
  'outbox_lease',
  'profiles',
  'signups',
  'announcement_templates',
].sort();

let onlySchema: string | undefined;

async function tableNames(db: Kysely<any>): Promise<string[]> {
  const tables = await db.introspection.getTables();
  return tables
    .filter((t) => !onlySchema || t.schema === onlySchema)
    .map((t) => t.name)
    .filter((name) => !name.startsWith('kysely_'))
    .sort();
}

async function upDownUp(db: Kysely<any>): Promise<void> {
  const up = await migrator(db).migrateToLatest();
  expect(up.error).toBeUndefined();
  expect(await tableNames(db)).toEqual(TABLES);

  // Something a real install would hold survives nothing on the way down, and comes back clean.
  await db.insertInto('meta').values({ key: 'device_id', value: 'x' }).execute();
  const down = await migrator(db).migrateTo(NO_MIGRATIONS);
  expect(down.error).toBeUndefined();
  expect(await tableNames(db)).toEqual([]);

  const again = await migrator(db).migrateToLatest();
  expect(again.error).toBeUndefined();
  expect(await tableNames(db)).toEqual(TABLES);
  const rows = await db.selectFrom('meta').selectAll().execute();
  expect(rows).toEqual([]);
}

describe('migrations on SQLite', () => {
  it('run up, down and up again', async () => {
    const db = openDatabase('sqlite::memory:', '.');
    await upDownUp(db);
    await db.destroy();
  });
});

const url = postgresUrl();

describe.skipIf(!url)('migrations on PostgreSQL', () => {
  const schema = `doorman_test_${process.pid}`;
  let db: Kysely<any> | undefined;

  afterAll(async () => {
    if (!db) return;
    await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db);
    await db.destroy();
  });

  it('run up, down and up again', async () => {
    // A private schema per run: a developer's database and parallel runs are never touched.
    const pool = new pg.Pool({ connectionString: url, max: 1, options: `-c search_path=${schema}` });
    db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
    onlySchema = schema;
    await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
    await upDownUp(db);
  });
});
