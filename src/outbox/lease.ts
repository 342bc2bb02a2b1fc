import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Clock } from '../core/clock.ts';
import type { Db } from '../db/database.ts';
import { OutboxLeaseRepository } from '../db/repositories/outbox-lease.repository.ts';

/** The lease row's name: one outbox worker per database. */
export const OUTBOX_LEASE = 'outbox-worker';

/** A fresh owner id for this process: host, pid and a nonce, so a restarted process never looks like its predecessor. */
export function newLeaseOwner(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/**
 * The database row that says which process runs the outbox worker. Taken when free or expired,
 * renewed by its holder well before it expires, released on a clean stop. A killed holder's lease
 * simply runs out, and its successor takes it then.
 */
export class WorkerLease {
  private readonly repo: OutboxLeaseRepository;

  constructor(
    db: Db,
    private readonly clock: Clock,
    readonly owner: string,
    private readonly leaseMs: number,
  ) {
    this.repo = new OutboxLeaseRepository(db);
  }

  /** Takes the lease if nobody else holds a live one. Returns whether this process holds it now. */
  async tryTake(): Promise<boolean> {
    const now = this.clock.now();
    await this.repo.take(OUTBOX_LEASE, this.owner, now.toISOString(), this.expiry(now));
    const row = await this.repo.find(OUTBOX_LEASE);
    return row?.owner === this.owner;
  }

  /** Milliseconds until another holder's lease runs out (0 when it already has, or nobody holds it). */
  async msUntilFree(): Promise<number> {
    const row = await this.repo.find(OUTBOX_LEASE);
    if (!row || row.owner === this.owner) return 0;
    return Math.max(0, Date.parse(row.expires_at) - this.clock.now().getTime());
  }

  /** Extends the lease; false when it was lost (it expired and another process took it). */
  async renew(): Promise<boolean> {
    return (await this.repo.renew(OUTBOX_LEASE, this.owner, this.expiry(this.clock.now()))) > 0;
  }

  async release(): Promise<void> {
    await this.repo.release(OUTBOX_LEASE, this.owner);
  }

  private expiry(now: Date): string {
    return new Date(now.getTime() + this.leaseMs).toISOString();
  }
}
