import { autoRetry } from '@grammyjs/auto-retry';
import { Api, Bot } from 'grammy';
import { TelegramDelivery } from '../../adapters/telegram/delivery.ts';
import { TelegramSender } from '../../adapters/telegram/send.ts';
import { ChatDeliveries } from '../../src/chat/delivery.ts';
import type { Clock } from '../../src/core/clock.ts';
import { migrateToLatest, openDatabase, openMigratedMemoryDatabase, type Db } from '../../src/db/database.ts';
import { OutboxRepository } from '../../src/db/repositories/outbox.repository.ts';
import type { OutboxRow } from '../../src/db/tables/outbox.table.ts';
import { silentLogger } from '../../src/log.ts';
import { Outbox } from '../../src/outbox/outbox.ts';
import type { OutboxMessage, Sleep } from '../../src/outbox/types.ts';
import { OutboxWorker, type OutboxWorkerOptions } from '../../src/outbox/worker.ts';
import { TelegramStandin, type StandinUser } from '../fakes/telegram/index.ts';

/**
 * A clock that moves only when told or when the worker's pacer sleeps: pacing, backoff and lease
 * expiry become exact, and the Telegram stand-in's flood control can read the same time.
 */
export class VirtualTime implements Clock {
  private ms = Date.parse('2026-11-28T12:00:00.000Z');

  now(): Date {
    return new Date(this.ms);
  }

  nowMs(): number {
    return this.ms;
  }

  advance(ms: number): void {
    this.ms += ms;
  }

  /** The pacer's sleep: time jumps ahead at once (after letting pending I/O callbacks run). */
  readonly sleep: Sleep = async (ms) => {
    // Whole milliseconds, as Date keeps them: every party reads the same instant.
    this.ms += Math.max(0, Math.ceil(ms));
    await new Promise((resolve) => setImmediate(resolve));
  };
}

export const ALICE: StandinUser = { id: 2001, username: 'alice', first_name: 'Alice' };
export const BOB: StandinUser = { id: 2002, username: 'bob', first_name: 'Bob' };

/** Telegram as Doorman's adapter talks to it: the real TelegramDelivery (grammY) against the stand-in. */
export interface TelegramChannel {
  standin: TelegramStandin;
  deliveries: ChatDeliveries;
  close(): Promise<void>;
}

export async function startTelegramChannel(): Promise<TelegramChannel> {
  const standin = await TelegramStandin.start();
  const bot = new Bot(standin.token, { client: { apiRoot: standin.apiRoot } });
  // As adapters/telegram/index.ts builds it: interactive sends wait 429s out, the outbox's are reported.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 300, rethrowInternalServerErrors: true, rethrowHttpErrors: true }));
  const reporting = new TelegramSender(new Api(bot.token, bot.api.options));
  const deliveries = new ChatDeliveries();
  deliveries.register(new TelegramDelivery(new TelegramSender(bot.api), standin.bot.username, reporting));
  return { standin, deliveries, close: () => standin.close() };
}

export interface OutboxWorld {
  db: Db;
  time: VirtualTime;
  outbox: Outbox;
  repo: OutboxRepository;
  /** A worker on this database (not started); stopped by close(). */
  worker(overrides?: Partial<OutboxWorkerOptions>): OutboxWorker;
  row(id: string): Promise<OutboxRow>;
  close(): Promise<void>;
}

/** The outbox on a migrated SQLite (in memory, or `file` to share it between "processes"). */
export async function startOutboxWorld(channel: Pick<TelegramChannel, 'deliveries'>, options: { file?: string; time?: VirtualTime } = {}): Promise<OutboxWorld> {
  const db = options.file ? openDatabase(`sqlite:${options.file}`, '.') : await openMigratedMemoryDatabase();
  if (options.file) await migrateToLatest(db);
  const time = options.time ?? new VirtualTime();
  const outbox = new Outbox(db, time);
  const repo = new OutboxRepository(db);
  const workers: OutboxWorker[] = [];
  return {
    db, time, outbox, repo,
    worker(overrides = {}) {
      const worker = new OutboxWorker({
        db, outbox, deliveries: channel.deliveries, clock: time, sleep: time.sleep, log: silentLogger(),
        maxAttempts: 3, telegramRatePerSecond: 1000, random: () => 0.5, pollMs: 20, renewMs: 20,
        ...overrides,
      });
      workers.push(worker);
      return worker;
    },
    async row(id) {
      const row = await repo.findById(id);
      if (!row) throw new Error(`no outbox row ${id}`);
      return row;
    },
    async close() {
      for (const worker of workers) await worker.stop();
      await db.destroy();
    },
  };
}

/** A Telegram notice for `user`. */
export function notice(user: StandinUser, key: string, markdown = `Hello **${user.first_name}**`): OutboxMessage {
  return { key, platform: 'telegram', target: String(user.id), messageId: 'welcome', content: { markdown } };
}

/** Starts the worker and waits until it delivers (holds the lease). */
export async function leading(worker: OutboxWorker): Promise<OutboxWorker> {
  worker.start();
  await worker.whenLeading();
  return worker;
}

/** A Telegram channel where Alice and Bob opened a chat with the bot, and an outbox world on it; close() closes both. */
export async function startAliceAndBob(): Promise<{ channel: TelegramChannel; world: OutboxWorld; close(): Promise<void> }> {
  const channel = await startTelegramChannel();
  channel.standin.userOpenedChat(ALICE);
  channel.standin.userOpenedChat(BOB);
  const world = await startOutboxWorld(channel);
  return { channel, world, close: async () => (await world.close(), await channel.close()) };
}
