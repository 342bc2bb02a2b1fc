import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { TelegramAdapter } from '../adapters/telegram/index.ts';
import { mountTelegramWebhook, TelegramLauncher } from '../adapters/telegram/wiring.ts';
import type { DiscordAdapter } from '../adapters/discord/index.ts';
import { DISCORD_COMMANDS_META_KEY, DiscordLauncher } from '../adapters/discord/wiring.ts';
import type { MatrixAdapter } from '../adapters/matrix/index.ts';
import { MatrixLauncher } from '../adapters/matrix/wiring.ts';
import { registry as commandRegistry } from '../commands/index.ts';
import type { CommandDef } from '../commands/types.ts';
import { ChatDeliveries } from './chat/delivery.ts';
import type { ChatRuntime, Platform } from './chat/types.ts';
import type { Config } from './config/schema.ts';
import { createChatRuntime } from './core/chat-runtime.ts';
import { systemClock, type Clock } from './core/clock.ts';
import { approximateMs, parseDuration } from './core/duration.ts';
import { createServices, type Services } from './core/services.ts';
import { ChangeSignal, withProfileChanges } from './core/option-values.ts';
import { migrateToLatest, openDatabase, type Db } from './db/database.ts';
import { MatrixRepository } from './db/repositories/matrix.repository.ts';
import { metaValue } from './db/meta-value.ts';
import { createHttpServer } from './http/server.ts';
import { JellyfinClient } from './jellyfin/client.ts';
import { createLogger, type Logger } from './log.ts';
import { Outbox } from './outbox/outbox.ts';
import type { EmailSender } from './outbox/types.ts';
import { OutboxWorker, type OutboxWorkerOptions } from './outbox/worker.ts';

/** The composition root: the one place that builds Doorman's parts and hands them to each other. */

export interface AppOptions {
  log?: Logger;
  clock?: Clock;
  /** A ready client (tests); otherwise one is built from config.jellyfin. */
  jellyfin?: JellyfinClient;
}

export interface App {
  config: Config;
  db: Db;
  jellyfin: JellyfinClient;
  services: Services;
  registry: readonly CommandDef[];
  /** What chat adapters drive: identify a sender, run a message, render refusals, the command menu. */
  chat: ChatRuntime;
  /** Direct sends of the running chat adapters; each adapter registers its own once started. */
  deliveries: ChatDeliveries;
  /** Every notice goes through it (enqueue in the caller's transaction); `outbox status` / `outbox retry`. */
  outbox: Outbox;
  /** Delivers the outbox while listen()ing and holding the lease; stopped by close(). */
  outboxWorker: OutboxWorker;
  http: FastifyInstance;
  log: Logger;
  /** The running Telegram bot once started (a `telegram` section is configured); else null. */
  readonly telegram: TelegramAdapter | null;
  /** The running Discord bot once started (a `discord` section is configured); else null. */
  readonly discord: DiscordAdapter | null;
  /** The running Matrix bot once started (a `matrix` section is configured); else null. */
  readonly matrix: MatrixAdapter | null;
  /**
   * Resolves once the chat bots listen() started in the background are running or have failed
   * (a failure is logged; Doorman keeps serving without that platform).
   */
  chatReady(): Promise<void>;
  /** Listens on server.host:server.port, starts the configured chat bots and the background retries; returns the address. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

/** How often unfinished sign-up undos are retried (a Jellyfin outage during an undo) and expired invites looked for. */
const HOUSEKEEPING_MS = 10_000;
const DEVICE_ID_KEY = 'jellyfin_device_id';

export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const log = options.log ?? createLogger(config.log);
  const db = await openAppDatabase(config);
  try {
    const jellyfin = options.jellyfin ?? createJellyfinClient(config, await ensureDeviceId(db, config), log);
    const clock = options.clock ?? systemClock;
    const deliveries = new ChatDeliveries();
    // Profile names are Discord choices: a capture, rename or delete tells the chat adapters.
    const optionValueChanges = new ChangeSignal();
    const outbox = new Outbox(db, clock);
    const services = withProfileChanges(createServices({ db, jellyfin, config, log, clock, deliveries, outbox }), optionValueChanges);
    const chat = createChatRuntime({ services, registry: commandRegistry, jellyfin, config, deliveries, clock, log, optionValueChanges });
    // The bot handle is read per request: an adapter registers its delivery once it has started.
    const chatLinks = { botHandle: (platform: Platform) => deliveries.get(platform)?.botHandle };
    const http = createHttpServer({ services, registry: commandRegistry, config, log, version: doormanVersion(), chat: chatLinks });
    const telegram = config.telegram ? new TelegramLauncher({ config, chat, deliveries, log, clock }) : null;
    // Routes must exist before the server listens; posts arriving before the bot runs get 503.
    if (config.telegram?.webhook_url) mountTelegramWebhook(http, config.telegram.webhook_url, () => telegram?.adapter ?? null);
    const discord = config.discord ? new DiscordLauncher({ config, chat, deliveries, registry: commandRegistry, log, registrations: metaValue(db, DISCORD_COMMANDS_META_KEY) }) : null;
    const matrix = config.matrix ? new MatrixLauncher({ config, chat, deliveries, store: new MatrixRepository(db), log }) : null;
    const undeliverable = services.jobs?.undeliverable;
    const outboxWorker = await createOutboxWorker({ config, db, outbox, deliveries, clock, log, onGivenUp: undeliverable && ((message) => undeliverable.handle(message).then(() => undefined)) });
    return assemble({ config, db, jellyfin, services, registry: commandRegistry, chat, deliveries, outbox, outboxWorker, http, log }, { telegram, discord, matrix });
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

/** The chat bots of this process, for the configured platforms (started by listen, stopped by close). */
interface ChatBots {
  telegram: TelegramLauncher | null;
  discord: DiscordLauncher | null;
  matrix: MatrixLauncher | null;
}

function assemble(parts: Omit<App, 'listen' | 'close' | 'telegram' | 'discord' | 'matrix' | 'chatReady'>, bots: ChatBots): App {
  let housekeepingTimer: NodeJS.Timeout | null = null;
  let closed = false;
  const housekeeping = () => {
    parts.services.signup.resumeUndos().catch((err: unknown) => parts.log.error({ err }, 'retrying unfinished sign-up undos failed'));
    // Same rhythm for the "invite expired" notices: idempotent, so every process may sweep.
    parts.services.jobs?.inviteExpiry.sweep().catch((err: unknown) => parts.log.error({ err }, 'looking for expired invites failed'));
  };
  return {
    ...parts,
    get telegram() {
      return bots.telegram?.adapter ?? null;
    },
    get discord() {
      return bots.discord?.adapter ?? null;
    },
    get matrix() {
      return bots.matrix?.adapter ?? null;
    },
    chatReady: async () => {
      await Promise.all([bots.telegram?.ready(), bots.discord?.ready(), bots.matrix?.ready()]);
    },
    async listen() {
      const { host, port } = parts.config.server;
      const address = await parts.http.listen({ host, port });
      bots.telegram?.start();
      bots.discord?.start();
      bots.matrix?.start();
      // `doorman start` runs the outbox worker (once it holds the lease); a short-lived `doorman run` never listens.
      parts.outboxWorker.start();
      housekeepingTimer = setInterval(housekeeping, HOUSEKEEPING_MS);
      housekeepingTimer.unref();
      parts.log.info({ address, public_url: parts.config.server.public_url }, `Doorman is listening on ${address}`);
      return address;
    },
    async close() {
      if (closed) return;
      closed = true;
      if (housekeepingTimer) clearInterval(housekeepingTimer);
      // Before the bots: a send in flight still needs its adapter.
      await parts.outboxWorker.stop();
      // Bots first: an update in progress may still need the database and Jellyfin.
      await Promise.all([bots.telegram?.stop(), bots.discord?.stop(), bots.matrix?.stop()]);
      await parts.http.close();
      parts.jellyfin.close();
      await parts.db.destroy();
    },
  };
}

/**
 * The outbox worker with this config's channels; the email sender (nodemailer) is loaded only when
 * `email` is configured, and its pool is closed when the worker stops.
 */
async function createOutboxWorker(deps: { config: Config; db: Db; outbox: Outbox; deliveries: ChatDeliveries; clock: Clock; log: Logger; onGivenUp?: OutboxWorkerOptions['onGivenUp'] }): Promise<OutboxWorker> {
  const { config } = deps;
  let email: (EmailSender & { close(): void }) | undefined;
  if (config.email) {
    const { EmailDelivery } = await import('../adapters/email/index.ts');
    email = new EmailDelivery(config.email);
  }
  return new OutboxWorker({
    ...deps,
    email,
    onStopped: () => email?.close(),
    maxAttempts: config.outbox.max_attempts,
    telegramRatePerSecond: config.telegram?.rate_per_second ?? 30,
  });
}

/** Opens the configured database and applies every pending migration, so a fresh one just works. */
export async function openAppDatabase(config: Config): Promise<Db> {
  const db = openDatabase(config.database.url, config.data_dir);
  try {
    await migrateToLatest(db);
    return db;
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

/**
 * The DeviceId Doorman presents to Jellyfin: config.jellyfin.device_id when set, else one generated
 * on first start and kept in the `meta` table, so Jellyfin's device list does not grow per restart.
 */
export async function ensureDeviceId(db: Db, config: Config): Promise<string> {
  if (config.jellyfin.device_id) return config.jellyfin.device_id;
  return metaValue(db, DEVICE_ID_KEY).getOrCreate(() => `doorman-${randomBytes(12).toString('hex')}`);
}

export function createJellyfinClient(config: Config, deviceId: string, log: Logger): JellyfinClient {
  const timeout = parseDuration(config.jellyfin.timeout);
  return new JellyfinClient({
    url: config.jellyfin.url,
    username: config.jellyfin.username,
    password: config.jellyfin.password,
    deviceId,
    timeoutMs: timeout ? approximateMs(timeout) : undefined,
    appVersion: doormanVersion(),
    log,
  });
}

/** Doorman's version, from package.json (it runs from source, so the file is always there). */
export function doormanVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}
