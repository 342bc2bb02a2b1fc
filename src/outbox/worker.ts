import type { ChatDeliveries } from '../chat/delivery.ts';
import type { Clock } from '../core/clock.ts';
import type { Db } from '../db/database.ts';
import { OutboxRepository } from '../db/repositories/outbox.repository.ts';
import type { OutboxPlatform } from '../db/tables/outbox.table.ts';
import type { Logger } from '../log.ts';
import { channelReady, deliverRow, type OutboxChannels } from './channels.ts';
import { Lane, type LaneLimits } from './lane.ts';
import { newLeaseOwner, WorkerLease } from './lease.ts';
import type { Outbox } from './outbox.ts';
import { realSleep, type EmailSender, type GivenUpMessage, type Sleep } from './types.ts';

export interface OutboxWorkerOptions {
  db: Db;
  /** The app's Outbox: the worker wakes on its enqueues. */
  outbox: Outbox;
  deliveries: ChatDeliveries;
  /** adapters/email's EmailDelivery when email is configured. */
  email?: EmailSender;
  /** outbox.max_attempts: attempts before a message is dead. */
  maxAttempts: number;
  /** telegram.rate_per_second. */
  telegramRatePerSecond: number;
  clock: Clock;
  log: Logger;
  /** Pacing waits; tests pass a virtual clock's sleep. */
  sleep?: Sleep;
  /** 0 ≤ x < 1, for backoff jitter (tests fix it). */
  random?: () => number;
  owner?: string;
  /**
   * Lease length (default 8 s) and renewal period (default 2 s): a killed holder blocks its
   * successor at most 8 s, so delivery resumes well within 10 s of a restart; a holder may stall
   * 6 s (longer than SQLite's 5 s busy timeout) before it loses the lease.
   */
  leaseMs?: number;
  renewMs?: number;
  /** Longest idle wait between two looks at the table (default 1 s). */
  pollMs?: number;
  /** Backoff after the first failed attempt (default 5 s), doubled per attempt up to 1 h. */
  backoffBaseMs?: number;
  /** How long rows of a platform whose sender is not there wait before attempts count (default 60 s). */
  platformGraceMs?: number;
  /** Called after a message failed for good or ran out of attempts (the admins' notice). */
  onGivenUp?: (message: GivenUpMessage) => void | Promise<void>;
  /** Overrides of a platform's limits (tests: one send at a time, so a virtual clock stays exact). */
  limits?: Partial<Record<OutboxPlatform, Partial<LaneLimits>>>;
  /** Called once stop() finished (the app closes the SMTP pool here). */
  onStopped?: () => void;
}

const PLATFORMS: readonly OutboxPlatform[] = ['telegram', 'discord', 'matrix', 'email'];
const MAX_BACKOFF_MS = 60 * 60 * 1000;

/**
 * Delivers the outbox: one lane per platform, run only while this process holds the worker lease
 * (`doorman start`; a short-lived `doorman run` never starts it). On taking the lease it first
 * sends again what a killed predecessor left `sending`.
 */
export class OutboxWorker {
  private readonly lease: WorkerLease;
  private readonly lanes: Map<OutboxPlatform, Lane>;
  private readonly repo: OutboxRepository;
  private lanesStop: AbortController | undefined;
  private lanesDone: Promise<unknown> | undefined;
  private loop: Promise<void> | undefined;
  private readonly stopping = new AbortController();
  private leaseWake = new AbortController();
  private leadingWaiters: (() => void)[] = [];
  private unsubscribe: (() => void) | undefined;
  private readonly startedAt: number;

  constructor(private readonly options: OutboxWorkerOptions) {
    this.repo = new OutboxRepository(options.db);
    this.lease = new WorkerLease(options.db, options.clock, options.owner ?? newLeaseOwner(), options.leaseMs ?? 8_000);
    this.startedAt = options.clock.now().getTime();
    this.lanes = new Map(PLATFORMS.map((platform) => [platform, this.createLane(platform)]));
  }

  get owner(): string {
    return this.lease.owner;
  }

  /** True while this process holds the lease and delivers. */
  get leading(): boolean {
    return this.lanesStop !== undefined;
  }

  /** Starts taking (and then renewing) the lease in the background; delivery begins once it is held. */
  start(): void {
    if (this.loop) return;
    this.unsubscribe = this.options.outbox.onEnqueued(() => this.wake());
    this.loop = this.leaseLoop();
  }

  /** Resolves once this process holds the lease and its lanes run. */
  whenLeading(): Promise<void> {
    if (this.leading) return Promise.resolve();
    return new Promise((resolve) => this.leadingWaiters.push(resolve));
  }

  /** Every lane looks at the table now. */
  wake(): void {
    for (const lane of this.lanes.values()) lane.wake();
  }

  /** Resolves once no lane has anything due or in flight (tests, the benchmark). */
  async idle(): Promise<void> {
    if (!this.leading) return;
    await Promise.all([...this.lanes.values()].map((lane) => lane.idle()));
  }

  /** Stops delivering (sends in flight finish), releases the lease so a successor need not wait. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.stopping.abort();
    await this.loop;
    await this.stopLanes();
    await this.lease.release().catch((error: unknown) => this.options.log.warn({ err: error }, 'the outbox lease could not be released'));
    this.options.onStopped?.();
  }

  private async leaseLoop(): Promise<void> {
    const renewMs = this.options.renewMs ?? 2_000;
    while (!this.stopping.signal.aborted) {
      let waitMs = renewMs;
      try {
        waitMs = this.leading ? await this.keepLease(renewMs) : await this.takeLease(renewMs);
      } catch (error) {
        this.options.log.error({ err: error }, 'the outbox lease could not be taken or renewed; trying again');
      }
      this.leaseWake = new AbortController();
      await realSleep(waitMs, AbortSignal.any([this.stopping.signal, this.leaseWake.signal]));
    }
  }

  /** Tries to take the lease; when another holds it, waits until just after it runs out (at most renewMs). */
  private async takeLease(renewMs: number): Promise<number> {
    if (await this.lease.tryTake()) {
      const resumed = await this.repo.resumeSending(this.options.clock.now().toISOString());
      this.options.log.info({ owner: this.owner, resumed }, 'this process runs the outbox worker');
      this.startLanes();
      return renewMs;
    }
    return Math.min(renewMs, (await this.lease.msUntilFree()) + 50);
  }

  private async keepLease(renewMs: number): Promise<number> {
    if (await this.lease.renew()) return renewMs;
    this.options.log.warn({ owner: this.owner }, 'the outbox lease was lost (this process stalled past its expiry); delivery stops here');
    await this.stopLanes();
    return 0;
  }

  private startLanes(): void {
    const controller = new AbortController();
    this.lanesStop = controller;
    this.lanesDone = Promise.all([...this.lanes.values()].map((lane) => lane.run(controller.signal)));
    this.leadingWaiters.splice(0).forEach((resolve) => resolve());
  }

  private async stopLanes(): Promise<void> {
    this.lanesStop?.abort();
    this.lanesStop = undefined;
    await this.lanesDone;
    this.lanesDone = undefined;
  }

  private createLane(platform: OutboxPlatform): Lane {
    const { options } = this;
    const channels: OutboxChannels = { deliveries: options.deliveries, email: options.email };
    const graceMs = options.platformGraceMs ?? 60_000;
    const random = options.random ?? Math.random;
    const base = options.backoffBaseMs ?? 5_000;
    return new Lane({
      platform,
      limits: { ...laneLimits(platform, options.telegramRatePerSecond), ...options.limits?.[platform] },
      repo: this.repo,
      deliver: (row) => deliverRow(channels, row),
      // A platform whose adapter is still starting holds its rows; one that never comes counts attempts after the grace.
      ready: () => channelReady(channels, platform) || options.clock.now().getTime() - this.startedAt >= graceMs,
      clock: options.clock,
      sleep: options.sleep,
      maxAttempts: options.maxAttempts,
      backoffMs: (attempts) => Math.min(MAX_BACKOFF_MS, base * 2 ** (attempts - 1)) * (0.75 + 0.5 * random()),
      pollMs: options.pollMs ?? 1_000,
      log: options.log.child({ module: 'outbox', platform }),
      onGivenUp: async (message) => {
        await options.onGivenUp?.(message);
        for (const error of await options.outbox.reportGivenUp(message)) {
          options.log.error({ err: error, id: message.id }, 'a listener of undeliverable messages failed');
        }
      },
    });
  }
}

/** Each platform's limits: Telegram paced per bot and per chat; discord.js keeps its own route buckets; SMTP is pooled. */
function laneLimits(platform: OutboxPlatform, telegramRatePerSecond: number): LaneLimits {
  switch (platform) {
    case 'telegram':
      // One per chat per second, with the same 2 % headroom the bot-wide pace keeps.
      return { perSecond: telegramRatePerSecond, perRecipientMs: 1020, concurrency: 8, batchSize: 50 };
    case 'discord':
      return { concurrency: 4, batchSize: 20 };
    case 'matrix':
      return { concurrency: 2, batchSize: 20 };
    case 'email':
      // As many as the SMTP pool has connections (adapters/email: 3).
      return { concurrency: 3, batchSize: 20 };
  }
}
