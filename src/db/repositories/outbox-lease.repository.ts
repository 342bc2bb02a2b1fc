import type { Db } from '../database.ts';
import type { OutboxLeaseRow } from '../tables/outbox-lease.table.ts';

/** The worker lease row: taken when free, expired or already ours; renewed and released only by its owner. */
export class OutboxLeaseRepository {
  constructor(private readonly db: Db) {}

  /** Takes the lease when nobody holds it, it expired before `now`, or `owner` holds it already. */
  async take(name: string, owner: string, now: string, expiresAt: string): Promise<void> {
    await this.db
      .insertInto('outbox_lease')
      .values({ name, owner, expires_at: expiresAt })
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet({ owner, expires_at: expiresAt })
          .where((eb) => eb.or([eb('outbox_lease.expires_at', '<', now), eb('outbox_lease.owner', '=', owner)])),
      )
      .execute();
  }

  async find(name: string): Promise<OutboxLeaseRow | undefined> {
    return this.db.selectFrom('outbox_lease').selectAll().where('name', '=', name).executeTakeFirst();
  }

  /** Extends the lease if `owner` still holds it; 0 when it was lost (expired and taken by another). */
  async renew(name: string, owner: string, expiresAt: string): Promise<number> {
    const result = await this.db.updateTable('outbox_lease').set({ expires_at: expiresAt }).where('name', '=', name).where('owner', '=', owner).executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async release(name: string, owner: string): Promise<void> {
    await this.db.deleteFrom('outbox_lease').where('name', '=', name).where('owner', '=', owner).execute();
  }
}
