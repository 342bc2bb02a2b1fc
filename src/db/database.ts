import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type MigrationResultSet, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import { migrations } from '../../migrations/index.ts';
import type { AccountLinkTokensTable } from './tables/account-link-tokens.table.ts';
import type { AccountsTable } from './tables/accounts.table.ts';
import type { AnnouncementTemplatesTable } from './tables/announcement-templates.table.ts';
import type { ApiKeysTable } from './tables/api-keys.table.ts';
import type { ChatIdentitiesTable } from './tables/chat-identities.table.ts';
import type { ContactAttemptsTable } from './tables/contact-attempts.table.ts';
import type { ContactPinsTable } from './tables/contact-pins.table.ts';
import type { InviteRedemptionsTable } from './tables/invite-redemptions.table.ts';
import type { InvitesTable } from './tables/invites.table.ts';
import type { MatrixDmRoomsTable } from './tables/matrix-dm-rooms.table.ts';
import type { MatrixStateTable } from './tables/matrix-state.table.ts';
import type { MetaTable } from './tables/meta.table.ts';
import type { OutboxLeaseTable } from './tables/outbox-lease.table.ts';
import type { OutboxTable } from './tables/outbox.table.ts';
import type { ProfilesTable } from './tables/profiles.table.ts';
import type { SignupsTable } from './tables/signups.table.ts';

export interface Database {
  meta: MetaTable;
  profiles: ProfilesTable;
  invites: InvitesTable;
  accounts: AccountsTable;
  invite_redemptions: InviteRedemptionsTable;
  signups: SignupsTable;
  api_keys: ApiKeysTable;
  chat_identities: ChatIdentitiesTable;
  contact_pins: ContactPinsTable;
  contact_attempts: ContactAttemptsTable;
  account_link_tokens: AccountLinkTokensTable;
  outbox: OutboxTable;
  outbox_lease: OutboxLeaseTable;
  matrix_state: MatrixStateTable;
  matrix_dm_rooms: MatrixDmRoomsTable;
  announcement_templates: AnnouncementTemplatesTable;
}

export type Db = Kysely<Database>;

/**
 * Opens the database named by `database.url`: `sqlite:PATH` (relative to the data folder;
 * `sqlite::memory:` for tests) or `postgres://…`.
 */
export function openDatabase(url: string, dataDir: string): Db {
  if (url.startsWith('postgres')) {
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 10 }) }) });
  }
  const target = url.slice('sqlite:'.length);
  let file = ':memory:';
  if (target !== ':memory:') {
    file = isAbsolute(target) ? target : resolve(dataDir, target);
    mkdirSync(dirname(file), { recursive: true });
  }
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
}

const STATEMENT_CACHE_SIZE = 200;

/**
 * kysely prepares every query afresh; preparing costs more than running a point query. Doorman
 * issues a small, fixed set of query shapes, so prepared statements are kept by their SQL text.
 * kysely runs one query at a time on the connection, so sharing a statement is safe.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      let statement = cache.get(text);
      if (!statement) {
        statement = sqlite.prepare(text);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
        cache.set(text, statement);
      }
      return statement;
    },
  };
}

export function migrator(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  const result = await migrator(db).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed: ${String(result.error)}`, { cause: result.error });
  }
  return result;
}

/** An in-memory SQLite database with every migration applied: the "medium" test fixture. */
export async function openMigratedMemoryDatabase(): Promise<Db> {
  const db = openDatabase('sqlite::memory:', '.');
  await migrateToLatest(db);
  return db;
}
