import pino from 'pino';
import { createApp, type App } from '../../src/app.ts';
import { JellyfinStandin } from '../../src/jellyfin/standin/index.ts';
import { DiscordStandin, type StandinGuild } from '../fakes/discord/index.ts';
import { TelegramStandin } from '../fakes/telegram/index.ts';
import { readTestConfig, STANDIN_ADMIN, writeTestConfig, type TestConfigFile } from '../support/app-harness.ts';
import { ALICE, BOSS, BOT_ROLE, CAROL, GUILD_ID } from './support.ts';

/**
 * Doorman as it runs with Discord linking switched on: `discord.member_role`, `contacts.discord`,
 * `admins.discord` = BOSS, and optionally a Telegram bot too (the fallback channel). Unlike
 * support.ts, the guild's role order and the stand-in's switches can be set before the bot starts.
 */

export { ALICE, BOSS, BOT_ROLE, CAROL, GUILD_ID };
export const MEMBER_ROLE = '800000000000000021';
export const MANAGE_ROLES = 1n << 28n;
/** Dave is in the guild and has never used the bot. */
export const DAVE = { id: '700000000000000004', username: 'dave.watches', global_name: 'Dave' };
/** Telegram's Alice, the same person as Discord's ALICE in the fallback tests. */
export const ALICE_TG = { id: 2001, username: 'alice_tg', first_name: 'Alice' };

export interface LinkingWorldOptions {
  /** contacts.discord.mode (default optional). */
  mode?: 'optional' | 'required';
  /** Where the member role sits: below the bot's role (default, works) or above it (Discord answers 403 50013). */
  memberRoleAboveBot?: boolean;
  /** Also run the Telegram bot (the other linked channel). */
  telegram?: boolean;
  /** Changes to the stand-in before Doorman starts (privileged intents off…). */
  beforeStart?: (discord: DiscordStandin) => void;
}

export interface LinkingWorld {
  jellyfin: JellyfinStandin;
  discord: DiscordStandin;
  telegram: TelegramStandin | undefined;
  app: App;
  address: string;
  configFile: TestConfigFile;
  /** Everything Doorman logged (warn and above), one JSON line each. */
  logLines: string[];
  close(): Promise<void>;
}

export function linkingGuild(memberRoleAboveBot = false): StandinGuild {
  return {
    id: GUILD_ID,
    name: 'Film Club',
    roles: [
      { id: MEMBER_ROLE, name: 'Member', position: memberRoleAboveBot ? 5 : 1 },
      { id: BOT_ROLE, name: 'Doorman', position: 2, permissions: String(MANAGE_ROLES | (1n << 11n) | (1n << 10n) | (1n << 31n)) },
    ],
    members: [
      { user: BOSS, roles: [] },
      { user: ALICE, roles: [] },
      { user: CAROL, roles: [] },
      { user: DAVE, roles: [] },
    ],
    botRoles: [BOT_ROLE],
  };
}

export async function startLinkingWorld(options: LinkingWorldOptions = {}): Promise<LinkingWorld> {
  const jellyfin = await JellyfinStandin.start({ admin: STANDIN_ADMIN });
  const discord = await DiscordStandin.start({ guild: linkingGuild(options.memberRoleAboveBot) });
  const telegram = options.telegram ? await TelegramStandin.start() : undefined;
  options.beforeStart?.(discord);
  const configFile = writeTestConfig(jellyfin.url, {
    discord: { token: discord.token, application_id: discord.appId, guild_id: GUILD_ID, api_root: discord.restBase, member_role: MEMBER_ROLE },
    ...(telegram ? { telegram: { token: telegram.token, api_root: telegram.apiRoot } } : {}),
    admins: { discord: [BOSS.id] },
    contacts: { discord: { mode: options.mode ?? 'optional' }, ...(telegram ? { telegram: { mode: 'optional' } } : {}) },
  });
  const logLines: string[] = [];
  const log = pino({ level: 'warn' }, { write: (line: string) => void logLines.push(line) });
  let app: App | undefined;
  try {
    app = await createApp(readTestConfig(configFile.file), { log });
    const address = await app.listen();
    await app.chatReady();
    const running = app;
    return {
      jellyfin, discord, telegram, app: running, address, configFile, logLines,
      async close() {
        await running.close();
        await discord.close();
        await telegram?.close();
        await jellyfin.close();
        configFile.remove();
      },
    };
  } catch (error) {
    await app?.close();
    await discord.close();
    await telegram?.close();
    await jellyfin.close();
    configFile.remove();
    throw error;
  }
}

/** A JSON call to Doorman's API: status and body. */
export async function api(world: LinkingWorld, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${world.address}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

/** The PIN in a message the bot sent (`Your Doorman PIN is ABCD2345`). */
export function pinIn(content: string): string {
  const match = /PIN is ([A-Z0-9]{8})/.exec(content);
  if (!match) throw new Error(`no PIN in ${JSON.stringify(content)}`);
  return match[1];
}
