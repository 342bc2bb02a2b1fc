import type { BotCommand } from 'grammy/types';
import type { TelegramAdapter } from '../../adapters/telegram/index.ts';
import { createApp, type App } from '../../src/app.ts';
import type { Config } from '../../src/config/schema.ts';
import { JellyfinStandin } from '../../src/jellyfin/standin/index.ts';
import { silentLogger, type Logger } from '../../src/log.ts';
import { TestClock } from '../core/support.ts';
import { readTestConfig, STANDIN_ADMIN, writeTestConfig, type TestConfigFile } from '../support/app-harness.ts';
import { TelegramStandin, type SentMessage, type StandinUser, type UserSendsOptions } from '../fakes/telegram/index.ts';

/**
 * Doorman as it runs: createApp on a temporary data folder with a `telegram` section pointing at the
 * Telegram stand-in, the Jellyfin stand-in over HTTP, and app.listen() starting the real grammY
 * adapter (long polling, or webhook mode with the route createApp mounted). People act through the stand-in.
 */

export const ADMIN: StandinUser = { id: 1000, username: 'boss', first_name: 'Boss' };
export const ALICE: StandinUser = { id: 2001, username: 'alice', first_name: 'Alice' };
export const BOB: StandinUser = { id: 2002, username: 'bob', first_name: 'Bob' };
export const GROUP_ID = -100_500;

export interface TelegramWorldOptions {
  /** `contacts.telegram` (default mode optional). */
  contacts?: Record<string, unknown>;
  /** Keys laid over the `telegram` config section (e.g. webhook_url). */
  telegram?: Record<string, unknown>;
  /** The logger for Doorman and the adapter (default silent). */
  log?: Logger;
  /** More config sections (e.g. messages, outbox); a top-level section given here replaces the world's own. */
  config?: Record<string, unknown>;
}

export interface TelegramWorld {
  jellyfin: JellyfinStandin;
  telegram: TelegramStandin;
  configFile: TestConfigFile;
  config: Config;
  app: App;
  adapter: TelegramAdapter;
  /** Doorman's HTTP address, http://127.0.0.1:PORT. */
  address: string;
  /** The app's clock (confirmation expiry, PINs, invites): tests move it forward. */
  clock: TestClock;
  /** The user writes; resolves with the first message the bot sends to that chat afterwards. */
  say(user: StandinUser, text: string, options?: UserSendsOptions): Promise<SentMessage>;
  /** The user writes; resolves once the bot is polling again (every update handled) with what it sent to that chat meanwhile. */
  sayAll(user: StandinUser, text: string, options?: UserSendsOptions): Promise<SentMessage[]>;
  /** Stops the bot and closes Doorman, then starts both again on the same data folder (a restart). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startTelegramWorld(options: TelegramWorldOptions = {}): Promise<TelegramWorld> {
  const jellyfin = await JellyfinStandin.start({ admin: STANDIN_ADMIN });
  const telegram = await TelegramStandin.start();
  const configFile = writeTestConfig(jellyfin.url, {
    telegram: { token: telegram.token, api_root: telegram.apiRoot, ...options.telegram },
    admins: { telegram: [ADMIN.id] },
    contacts: { telegram: { mode: 'optional', ...options.contacts } },
    ...options.config,
  });
  const config = readTestConfig(configFile.file);
  const clock = new TestClock();
  const boot = async (): Promise<{ app: App; adapter: TelegramAdapter; address: string }> => {
    const app = await createApp(config, { log: options.log ?? silentLogger(), clock });
    try {
      // createApp mounted the webhook route; listen() starts the bot in the background.
      const address = await app.listen();
      await app.chatReady();
      if (!app.telegram) throw new Error('createApp did not start the Telegram adapter');
      return { app, adapter: app.telegram, address };
    } catch (error) {
      await app.close();
      throw error;
    }
  };
  let running = await boot();
  const world: TelegramWorld = {
    jellyfin, telegram, configFile, config, clock,
    get app() { return running.app; },
    get adapter() { return running.adapter; },
    get address() { return running.address; },
    async say(user, text, sendOptions) {
      const reply = telegram.nextSent(sendOptions?.chatId ?? user.id);
      telegram.userSends(user, text, sendOptions);
      return reply;
    },
    async sayAll(user, text, sendOptions) {
      const chatId = sendOptions?.chatId ?? user.id;
      const before = telegram.sent().length;
      telegram.userSends(user, text, sendOptions);
      await settle(world);
      return telegram.sent().slice(before).filter((message) => message.chatId === chatId);
    },
    async restart() {
      await stopDoorman(running);
      running = await boot();
    },
    async close() {
      await stopDoorman(running);
      await telegram.close();
      await jellyfin.close();
      configFile.remove();
    },
  };
  return world;
}

/** Resolves once every update so far is handled: in polling mode the bot is polling again. */
export async function settle(world: TelegramWorld): Promise<void> {
  await world.telegram.waitForParkedPoll();
}

/** app.close() stops the bot first (before the stand-ins go), then the HTTP server and the database. */
async function stopDoorman(running: { app: App }): Promise<void> {
  await running.app.close();
}

/** The command words of a menu. */
export function words(commands: BotCommand[]): string[] {
  return commands.map((command) => command.command);
}

/** The invite link in a message: `{public_url}/invite/{code}`. */
export function inviteCode(message: SentMessage): string {
  const match = /\/invite\/([A-Za-z0-9_-]+)/.exec(message.text);
  if (!match) throw new Error(`no invite link in ${JSON.stringify(message.text)}`);
  return match[1];
}
