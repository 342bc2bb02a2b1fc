import type { DiscordAdapter } from '../../adapters/discord/index.ts';
import { createApp, type App } from '../../src/app.ts';
import { JellyfinStandin } from '../../src/jellyfin/standin/index.ts';
import { silentLogger, type Logger } from '../../src/log.ts';
import { DiscordStandin, type StandinGuild } from '../fakes/discord/index.ts';
import { readTestConfig, STANDIN_ADMIN, writeTestConfig, type TestConfigFile } from '../support/app-harness.ts';

/**
 * Doorman as it runs: createApp on a temporary data folder with a `discord` section pointing at the
 * Discord stand-in and app.listen() starting the real discord.js adapter. People act through the stand-in.
 */

export const GUILD_ID = '800000000000000001';
export const BOT_ROLE = '800000000000000011';
export const ADMIN_ROLE = '800000000000000012';
export const BOSS = { id: '700000000000000009', username: 'boss' };
export const ALICE = { id: '700000000000000001', username: 'alice' };
export const CAROL = { id: '700000000000000003', username: 'carol' };
export const GENERAL_CHANNEL = '800000000000000021';
export const ADMIN_CHANNEL = '800000000000000022';

function guild(): StandinGuild {
  return {
    id: GUILD_ID,
    name: 'Film Club',
    roles: [
      { id: BOT_ROLE, name: 'Doorman', position: 2, permissions: String(1n << 28n) },
      { id: ADMIN_ROLE, name: 'Admin', position: 3 },
    ],
    members: [
      { user: BOSS, roles: [] },
      { user: ALICE, roles: [] },
      { user: CAROL, roles: [ADMIN_ROLE] },
    ],
    botRoles: [BOT_ROLE],
    channels: [
      { id: GENERAL_CHANNEL, name: 'general' },
      { id: ADMIN_CHANNEL, name: 'doorman-admins' },
    ],
  };
}

export interface DiscordWorld {
  jellyfin: JellyfinStandin;
  discord: DiscordStandin;
  app: App;
  adapter: DiscordAdapter;
  /** Doorman's HTTP address, http://127.0.0.1:PORT. */
  address: string;
  /** The doorman.yaml the app runs with (the CLI can use it too). */
  configFile: string;
  /** Stops Doorman and starts it again on the same data folder and stand-ins (app, adapter, address change). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface DiscordWorldOptions {
  /** The token in Doorman's config (default: the one the stand-in accepts). */
  token?: string;
  log?: Logger;
  /** False when the test expects the bot not to start (then `adapter` is unset). */
  expectRunning?: boolean;
  /** False: no `discord.guild_id` (everything registered globally). */
  withGuildId?: boolean;
  /** More config keys (top-level sections replace the world's own). */
  config?: Record<string, unknown>;
}

export async function startDiscordWorld(options: DiscordWorldOptions = {}): Promise<DiscordWorld> {
  const jellyfin = await JellyfinStandin.start({ admin: STANDIN_ADMIN });
  const discord = await DiscordStandin.start({ guild: guild() });
  let configFile: TestConfigFile | undefined;
  let app: App | undefined;
  try {
    configFile = writeTestConfig(jellyfin.url, {
      discord: { token: options.token ?? discord.token, application_id: discord.appId, api_root: discord.restBase, ...(options.withGuildId === false ? {} : { guild_id: GUILD_ID }) },
      admins: { discord: [BOSS.id], discord_roles: [ADMIN_ROLE] },
      contacts: { discord: { mode: 'optional' } },
      ...options.config,
    });
    const file = configFile;
    const launch = async () => {
      const started = await createApp(readTestConfig(file.file), { log: options.log ?? silentLogger() });
      app = started;
      const address = await started.listen();
      await started.chatReady();
      if (!started.discord && options.expectRunning !== false) throw new Error('createApp did not start the Discord adapter');
      return { app: started, adapter: started.discord!, address };
    };
    const world: DiscordWorld = {
      jellyfin, discord, ...(await launch()), configFile: file.file,
      async restart() {
        await world.app.close();
        Object.assign(world, await launch());
      },
      async close() {
        await world.app.close(); // destroys the discord.js client before the stand-in goes
        await discord.close();
        await jellyfin.close();
        file.remove();
      },
    };
    return world;
  } catch (error) {
    await app?.close();
    await discord.close();
    await jellyfin.close();
    configFile?.remove();
    throw error;
  }
}
