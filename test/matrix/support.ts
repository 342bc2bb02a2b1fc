import type { MatrixAdapter } from '../../adapters/matrix/index.ts';
import { createApp, type App } from '../../src/app.ts';
import type { Config } from '../../src/config/schema.ts';
import { JellyfinStandin } from '../../src/jellyfin/standin/index.ts';
import { silentLogger, type Logger } from '../../src/log.ts';
import { readTestConfig, STANDIN_ADMIN, writeTestConfig, type TestConfigFile } from '../support/app-harness.ts';
import { MatrixStandin, type SentEvent } from '../fakes/matrix/index.ts';

/**
 * Doorman as it runs: createApp on a temporary data folder with a `matrix` section pointing at the
 * Matrix stand-in, the Jellyfin stand-in over HTTP, and app.listen() starting the real
 * matrix-bot-sdk adapter in the background. People act through the stand-in.
 */

export const ADMIN = '@boss:example.test';
export const ALICE = '@alice:example.test';
export const BOB = '@bob:example.test';

export interface MatrixWorldOptions {
  /** `contacts.matrix` (default mode optional). */
  contacts?: Record<string, unknown>;
  /**
   * Keys laid over the `matrix` config section (e.g. access_token: ''); a function of the stand-in
   * when they name something in it (admin_room: a room created there first).
   */
  matrix?: Record<string, unknown> | ((standin: MatrixStandin) => Record<string, unknown>);
  /** Start the app only when asked (world.boot()), e.g. after storing a token. */
  deferStart?: boolean;
  log?: Logger;
}

export interface MatrixWorld {
  jellyfin: JellyfinStandin;
  matrix: MatrixStandin;
  configFile: TestConfigFile;
  config: Config;
  app: App;
  adapter: MatrixAdapter;
  address: string;
  /** Starts Doorman (only needed with deferStart). */
  boot(): Promise<void>;
  /** The user opens a DM with the bot (an is_direct invite); resolves once the bot has joined it. */
  openDm(userId: string): Promise<string>;
  /** The user writes in the room; resolves with the bot's next notice there. */
  say(roomId: string, userId: string, text: string): Promise<SentEvent>;
  /** Resolves once the bot has handled everything so far and listens again. */
  settle(): Promise<void>;
  /** Stops Doorman and starts it again on the same data folder and homeserver (a restart). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startMatrixWorld(options: MatrixWorldOptions = {}): Promise<MatrixWorld> {
  const jellyfin = await JellyfinStandin.start({ admin: STANDIN_ADMIN });
  const matrix = await MatrixStandin.start();
  const overrides = typeof options.matrix === 'function' ? options.matrix(matrix) : options.matrix;
  const configFile = writeTestConfig(jellyfin.url, {
    matrix: { homeserver: matrix.homeserverUrl, user_id: matrix.bot.userId, access_token: matrix.bot.accessToken, ...overrides },
    admins: { matrix: [ADMIN] },
    contacts: { matrix: { mode: 'optional', ...options.contacts } },
  });
  const config = readTestConfig(configFile.file);
  let running: { app: App; address: string } | null = null;
  const boot = async () => {
    const app = await createApp(config, { log: options.log ?? silentLogger() });
    const address = await app.listen();
    await app.chatReady();
    running = { app, address };
    if (!app.matrix) throw new Error('the Matrix adapter did not start (see the log)');
    await settle();
  };
  const settle = () => settled(matrix, () => running?.app.matrix ?? null);
  if (!options.deferStart) await boot();
  const world: MatrixWorld = {
    jellyfin, matrix, configFile, config, boot, settle,
    get app() { return running!.app; },
    get adapter() { return running!.app.matrix!; },
    get address() { return running!.address; },
    async openDm(userId) {
      const roomId = matrix.inviteBot(userId);
      await matrix.waitFor((request) => request.path === `/join/${roomId}` && request.status === 200);
      await settle();
      return roomId;
    },
    async say(roomId, userId, text) {
      const reply = matrix.nextSent(roomId);
      matrix.userSays(roomId, userId, text);
      return reply;
    },
    async restart() {
      await running?.app.close();
      running = null;
      await boot();
    },
    async close() {
      await running?.app.close();
      await matrix.close();
      await jellyfin.close();
      configFile.remove();
    },
  };
  return world;
}

/**
 * The bot has handled everything so far: its newest /sync is parked (the stand-in had no news
 * for it), the adapter has nothing in progress, and both still hold a moment later.
 */
async function settled(matrix: MatrixStandin, adapter: () => MatrixAdapter | null): Promise<void> {
  const started = Date.now();
  const lastSync = () => matrix.requests.filter((request) => request.path === '/sync').at(-1);
  for (;;) {
    if (Date.now() - started > 3000) throw new Error('the Matrix bot did not settle within 3 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const last = lastSync();
    if (last?.status !== null || matrix.parkedSyncs === 0) continue;
    await adapter()?.idle();
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (lastSync() === last && last.status === null) return;
  }
}

/** The PIN in a notice. */
export function pinIn(event: SentEvent): string {
  const pin = /\b([23456789A-HJKMNP-Z]{8})\b/.exec(event.body ?? '')?.[1];
  if (!pin) throw new Error(`no PIN in ${JSON.stringify(event.body)}`);
  return pin;
}
