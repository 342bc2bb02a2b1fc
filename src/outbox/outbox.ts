import { randomBytes } from 'node:crypto';
import type { Clock } from '../core/clock.ts';
import { DomainError } from '../core/errors.ts';
import type { Db } from '../db/database.ts';
import { OutboxRepository } from '../db/repositories/outbox.repository.ts';
import type { NewOutboxRow, OutboxPlatform, OutboxRow, OutboxStatus } from '../db/tables/outbox.table.ts';
import type { GivenUpMessage, OutboxContent, OutboxMessage } from './types.ts';

/** One failed or dead message as `outbox status` shows it. */
export interface OutboxFailureView {
  id: string;
  platform: OutboxPlatform;
  target: string;
  messageId: string;
  status: 'failed' | 'dead';
  attempts: number;
  error: string;
  at: string;
}

export interface OutboxStatusView {
  pending: number;
  sending: number;
  sent: number;
  failed: number;
  dead: number;
  /** The most recent failed and dead messages, newest first. */
  latestFailures: OutboxFailureView[];
}

const INSERT_CHUNK = 400;

/**
 * The outbox's front: enqueue messages in the caller's transaction (so a message exists exactly
 * when the change that causes it commits), report its state, requeue what failed. The worker
 * (worker.ts) delivers; it subscribes with onEnqueued to wake at once instead of polling.
 */
export class Outbox {
  private readonly listeners = new Set<() => void>();
  private readonly givenUpListeners = new Set<(message: GivenUpMessage) => void | Promise<void>>();
  private readonly repo: OutboxRepository;

  constructor(
    db: Db,
    private readonly clock: Clock,
  ) {
    this.repo = new OutboxRepository(db);
  }

  /**
   * Queues one message within `trx` (a transaction, or the database for a message of its own).
   * Returns the new row's id, or undefined when this event was already queued for this channel.
   */
  async enqueue(trx: Db, message: OutboxMessage): Promise<string | undefined> {
    const id = await new OutboxRepository(trx).insert(this.row(message, this.clock.now().toISOString()));
    if (id !== undefined) this.notify();
    return id;
  }

  /** Queues many messages within `trx` (an announcement); returns how many were new. */
  async enqueueMany(trx: Db, messages: readonly OutboxMessage[]): Promise<number> {
    const now = this.clock.now().toISOString();
    const repo = new OutboxRepository(trx);
    let added = 0;
    for (let start = 0; start < messages.length; start += INSERT_CHUNK) {
      added += await repo.insertMany(messages.slice(start, start + INSERT_CHUNK).map((message) => this.row(message, now)));
    }
    if (added > 0) this.notify();
    return added;
  }

  /** Calls `listener` after every enqueue that added something; returns the unsubscribe function. */
  onEnqueued(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Calls `listener` when the worker gives up on a message (`failed`: refused for good; `dead`: out
   * of attempts), e.g. to tell the admins. Returns the unsubscribe function.
   */
  onGivenUp(listener: (message: GivenUpMessage) => void | Promise<void>): () => void {
    this.givenUpListeners.add(listener);
    return () => this.givenUpListeners.delete(listener);
  }

  /** The worker reports a message it gave up on; each listener's failure is its own (collected, not thrown). */
  async reportGivenUp(message: GivenUpMessage): Promise<unknown[]> {
    const failures: unknown[] = [];
    for (const listener of this.givenUpListeners) {
      try {
        await listener(message);
      } catch (error) {
        failures.push(error);
      }
    }
    return failures;
  }

  async status(latest = 10): Promise<OutboxStatusView> {
    const counts = Object.fromEntries((await this.repo.countByStatus()).map(({ status, count }) => [status, count])) as Partial<Record<OutboxStatus, number>>;
    const failures = await this.repo.latestFailures(latest);
    return {
      pending: counts.pending ?? 0,
      sending: counts.sending ?? 0,
      sent: counts.sent ?? 0,
      failed: counts.failed ?? 0,
      dead: counts.dead ?? 0,
      latestFailures: failures.map(failureView),
    };
  }

  /** Requeues one failed or dead message by id, or every one of them (`all`), with fresh attempts. */
  async retry(which: string): Promise<{ requeued: number }> {
    const now = this.clock.now().toISOString();
    if (which === 'all') {
      const requeued = await this.repo.requeue(undefined, now);
      if (requeued > 0) this.notify();
      return { requeued };
    }
    const row = await this.repo.findById(which);
    if (!row) throw new DomainError('not_found', `No outbox message has the id ${which}. outbox status lists the failed ones.`);
    if (row.status !== 'failed' && row.status !== 'dead') {
      throw new DomainError('conflict', `Outbox message ${which} is ${row.status}; only failed or dead messages can be retried.`);
    }
    const requeued = await this.repo.requeue(which, now);
    if (requeued > 0) this.notify();
    return { requeued };
  }

  private row(message: OutboxMessage, now: string): NewOutboxRow {
    const content: OutboxContent = { markdown: message.content.markdown };
    if (message.content.subject !== undefined) content.subject = message.content.subject;
    if (message.content.unsubscribeUrl !== undefined) content.unsubscribeUrl = message.content.unsubscribeUrl;
    return {
      id: newOutboxId(),
      idempotency_key: `${message.key}/${message.platform}/${message.target}`,
      platform: message.platform,
      target: message.target,
      message_id: message.messageId,
      content: JSON.stringify(content),
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      last_error: null,
      created_at: now,
      updated_at: now,
      sent_at: null,
      jellyfin_user_id: message.account ?? null,
    };
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}

/** 10 characters of base32 (lowercase, no look-alikes): short enough to type in `outbox retry`. */
function newOutboxId(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return [...randomBytes(10)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

function failureView(row: OutboxRow): OutboxFailureView {
  return {
    id: row.id,
    platform: row.platform,
    target: row.target,
    messageId: row.message_id,
    status: row.status as 'failed' | 'dead',
    attempts: row.attempts,
    error: row.last_error ?? '',
    at: row.updated_at,
  };
}
