import { sql } from 'kysely';
import type { Db } from '../database.ts';
import type { NewOutboxRow, OutboxPlatform, OutboxRow, OutboxStatus } from '../tables/outbox.table.ts';

/** The outbox rows: thin query chains; the worker (src/outbox) decides what happens to them. */
export class OutboxRepository {
  constructor(private readonly db: Db) {}

  /** Inserts unless the idempotency key is already queued; returns the id, or undefined for a duplicate. */
  async insert(row: NewOutboxRow): Promise<string | undefined> {
    const inserted = await this.db
      .insertInto('outbox')
      .values(row)
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted?.id;
  }

  /** Many rows at once (an announcement); duplicates are skipped. Returns how many were new. */
  async insertMany(rows: NewOutboxRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    const inserted = await this.db
      .insertInto('outbox')
      .values(rows)
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .returning('id')
      .execute();
    return inserted.length;
  }

  async findById(id: string): Promise<OutboxRow | undefined> {
    return this.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Pending rows of one platform due at `now`, oldest due first. */
  async findDue(platform: OutboxPlatform, now: string, limit: number): Promise<OutboxRow[]> {
    return this.db
      .selectFrom('outbox')
      .selectAll()
      .where('status', '=', 'pending')
      .where('platform', '=', platform)
      .where('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at')
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  /** When the platform's earliest pending row falls due; undefined when nothing is pending. */
  async nextDueAt(platform: OutboxPlatform): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.min('next_attempt_at').as('due'))
      .where('status', '=', 'pending')
      .where('platform', '=', platform)
      .executeTakeFirst();
    return row?.due ?? undefined;
  }

  /** pending → sending, right before the platform is called; 0 when the row changed meanwhile. */
  async markSending(id: string, at: string): Promise<number> {
    const result = await this.db
      .updateTable('outbox')
      .set({ status: 'sending', updated_at: at })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async markSent(id: string, at: string): Promise<void> {
    await this.db.updateTable('outbox').set({ status: 'sent', sent_at: at, updated_at: at, last_error: null }).where('id', '=', id).execute();
  }

  /** Back to pending, due at `nextAttemptAt` (a retry, a rate limit, a chat that must wait). */
  async reschedule(id: string, change: { nextAttemptAt: string; attempts: number; lastError: string | null; at: string }): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({ status: 'pending', next_attempt_at: change.nextAttemptAt, attempts: change.attempts, last_error: change.lastError, updated_at: change.at })
      .where('id', '=', id)
      .execute();
  }

  /** Gives up: `failed` (refused for good) or `dead` (out of attempts). */
  async markGivenUp(id: string, change: { status: 'failed' | 'dead'; attempts: number; lastError: string; at: string }): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({ status: change.status, attempts: change.attempts, last_error: change.lastError, updated_at: change.at })
      .where('id', '=', id)
      .execute();
  }

  /** Rows a killed process left in `sending` go out again (at least once). Returns how many. */
  async resumeSending(now: string): Promise<number> {
    const result = await this.db
      .updateTable('outbox')
      .set({ status: 'pending', next_attempt_at: now, updated_at: now })
      .where('status', '=', 'sending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async countByStatus(): Promise<{ status: OutboxStatus; count: number }[]> {
    const rows = await this.db
      .selectFrom('outbox')
      .select(['status', sql<number>`count(*)`.as('count')])
      .groupBy('status')
      .execute();
    return rows.map((row) => ({ status: row.status, count: Number(row.count) }));
  }

  /** The most recent failed and dead rows, newest first. */
  async latestFailures(limit: number): Promise<OutboxRow[]> {
    return this.db
      .selectFrom('outbox')
      .selectAll()
      .where('status', 'in', ['failed', 'dead'])
      .orderBy('updated_at', 'desc')
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  /** failed/dead → pending with fresh attempts; `id` undefined requeues all of them. Returns how many. */
  async requeue(id: string | undefined, now: string): Promise<number> {
    const result = await this.db
      .updateTable('outbox')
      .set({ status: 'pending', attempts: 0, next_attempt_at: now, updated_at: now })
      .where('status', 'in', ['failed', 'dead'])
      .$if(id !== undefined, (qb) => qb.where('id', '=', id!))
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}
