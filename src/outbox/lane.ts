import type { Clock } from '../core/clock.ts';
import type { OutboxRepository } from '../db/repositories/outbox.repository.ts';
import type { OutboxPlatform, OutboxRow } from '../db/tables/outbox.table.ts';
import type { Logger } from '../log.ts';
import type { DeliveryOutcome } from './channels.ts';
import { Pacer, RecipientGate } from './pacer.ts';
import { realSleep, type GivenUpMessage, type Sleep } from './types.ts';

/** How one platform is driven: its pace, its per-recipient spacing, how many sends at once. */
export interface LaneLimits {
  /** Sends per second for the whole bot (Telegram); undefined: the library paces (discord.js, SMTP pool). */
  perSecond?: number;
  /** Minimum milliseconds between two messages to one recipient (Telegram: 1000). */
  perRecipientMs?: number;
  /** Sends in flight at once. */
  concurrency: number;
  /** Rows read per query. */
  batchSize: number;
}

export type { GivenUpMessage } from './types.ts';

export interface LaneDeps {
  platform: OutboxPlatform;
  limits: LaneLimits;
  repo: OutboxRepository;
  deliver: (row: OutboxRow) => Promise<DeliveryOutcome>;
  /** Whether the platform's sender is there; rows wait (no attempt counted) while it is not. */
  ready: () => boolean;
  clock: Clock;
  /** Pacing waits (a virtual clock in tests); idle waits always use real timers. */
  sleep?: Sleep;
  maxAttempts: number;
  /** Delay before attempt n+1 after n failed attempts. */
  backoffMs: (attempts: number) => number;
  /** Longest idle wait between two looks at the table. */
  pollMs: number;
  log: Logger;
  onGivenUp?: (message: GivenUpMessage) => void | Promise<void>;
}

/**
 * One platform's delivery loop: reads due rows, paces them, marks each `sending` right before the
 * platform is called (so after a crash only what was really in flight goes out twice), and records
 * the outcome: sent; rescheduled at retry_after (no attempt counted); backoff; failed; dead.
 */
export class Lane {
  private readonly pacer: Pacer;
  private readonly gate: RecipientGate | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly idleWaiters: (() => void)[] = [];
  private wakeController = new AbortController();
  private woken = false;
  private freeSlot: (() => void) | undefined;

  constructor(private readonly deps: LaneDeps) {
    const now = () => deps.clock.now().getTime();
    this.pacer = new Pacer(deps.limits.perSecond, now, deps.sleep ?? realSleep);
    this.gate = deps.limits.perRecipientMs ? new RecipientGate(deps.limits.perRecipientMs, now) : undefined;
  }

  /** Delivers until `signal` aborts, then waits for the sends in flight. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      this.woken = false;
      try {
        const due = this.deps.ready() ? await this.deps.repo.findDue(this.deps.platform, this.nowIso(), this.deps.limits.batchSize) : [];
        if (due.length === 0) await this.waitForWork(signal);
        for (const row of due) {
          if (signal.aborted) break;
          await this.dispatch(row, signal);
        }
      } catch (error) {
        this.deps.log.error({ err: error, platform: this.deps.platform }, 'the outbox could not read or update its table; retrying');
        await realSleep(this.deps.pollMs, signal);
      }
    }
    await Promise.all(this.inFlight);
  }

  /** Look at the table now (something was enqueued or a send finished). */
  wake(): void {
    this.woken = true;
    this.wakeController.abort();
  }

  /** Resolves the next time nothing is due and nothing is in flight. */
  idle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.wake();
    });
  }

  private async dispatch(row: OutboxRow, signal: AbortSignal): Promise<void> {
    const wait = this.gate?.delayFor(row.target) ?? 0;
    if (wait > 0) {
      // The recipient got a message moments ago: this one waits its turn without an attempt counted.
      const at = this.nowIso(wait);
      await this.deps.repo.reschedule(row.id, { nextAttemptAt: at, attempts: row.attempts, lastError: row.last_error, at: this.nowIso() });
      return;
    }
    await this.slot(signal);
    const answered = await this.pacer.take(signal);
    if (signal.aborted || (await this.deps.repo.markSending(row.id, this.nowIso())) === 0) {
      answered();
      return;
    }
    this.gate?.mark(row.target);
    const work: Promise<void> = this.deliver(row, answered).finally(() => {
      this.inFlight.delete(work);
      this.freeSlot?.();
      this.wake();
    });
    this.inFlight.add(work);
  }

  /** Waits until fewer than `concurrency` sends are in flight. */
  private async slot(signal: AbortSignal): Promise<void> {
    while (this.inFlight.size >= this.deps.limits.concurrency && !signal.aborted) {
      await new Promise<void>((resolve) => {
        this.freeSlot = resolve;
      });
    }
    this.freeSlot = undefined;
  }

  private async deliver(row: OutboxRow, answered: () => void): Promise<void> {
    const outcome = await this.deps.deliver(row);
    answered();
    try {
      await this.record(row, outcome);
    } catch (error) {
      // The row stays `sending` and goes out again after the next lease take-over (at least once).
      this.deps.log.error({ err: error, id: row.id }, 'the outbox could not record a delivery outcome');
    }
  }

  private async record(row: OutboxRow, outcome: DeliveryOutcome): Promise<void> {
    const { repo } = this.deps;
    const at = this.nowIso();
    if (outcome.kind === 'sent') return repo.markSent(row.id, at);
    if (outcome.kind === 'rate_limited') {
      this.pacer.pauseUntil(this.deps.clock.now().getTime() + outcome.retryAfterMs);
      const nextAttemptAt = this.nowIso(outcome.retryAfterMs);
      return repo.reschedule(row.id, { nextAttemptAt, attempts: row.attempts, lastError: outcome.error, at });
    }
    const attempts = row.attempts + 1;
    if (outcome.kind === 'temporary' && attempts < this.deps.maxAttempts) {
      const nextAttemptAt = this.nowIso(this.deps.backoffMs(attempts));
      return repo.reschedule(row.id, { nextAttemptAt, attempts, lastError: outcome.error, at });
    }
    const status = outcome.kind === 'permanent' ? 'failed' : 'dead';
    await repo.markGivenUp(row.id, { status, attempts, lastError: outcome.error, at });
    this.deps.log.warn({ id: row.id, platform: row.platform, message_id: row.message_id, status, attempts, error: outcome.error }, 'the outbox gave up on a message');
    await this.tellGivenUp({ id: row.id, platform: row.platform, target: row.target, messageId: row.message_id, account: row.jellyfin_user_id, status, attempts, error: outcome.error });
  }

  private async tellGivenUp(message: GivenUpMessage): Promise<void> {
    try {
      await this.deps.onGivenUp?.(message);
    } catch (error) {
      this.deps.log.error({ err: error, id: message.id }, 'telling the admins about an undeliverable message failed');
    }
  }

  /** Sleeps until the next row falls due (at most pollMs), or until woken. */
  private async waitForWork(signal: AbortSignal): Promise<void> {
    if (this.woken) return;
    const next = this.deps.ready() ? await this.deps.repo.nextDueAt(this.deps.platform) : undefined;
    if (this.woken) return;
    if (this.inFlight.size === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
    const untilDue = next === undefined ? this.deps.pollMs : Date.parse(next) - this.deps.clock.now().getTime();
    this.wakeController = new AbortController();
    await realSleep(Math.min(this.deps.pollMs, Math.max(0, untilDue)), AbortSignal.any([signal, this.wakeController.signal]));
  }

  private nowIso(plusMs = 0): string {
    return new Date(this.deps.clock.now().getTime() + plusMs).toISOString();
  }
}
