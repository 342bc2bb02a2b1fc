import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import { JellyfinStandin } from '../../src/jellyfin/standin/index.ts';
import { silentLogger, type Logger } from '../../src/log.ts';
import { readTestConfig, STANDIN_ADMIN, writeTestConfig, type TestConfigFile } from '../support/app-harness.ts';
import { TelegramStandin } from '../fakes/telegram/index.ts';
import { ALICE } from './support.ts';

/** The composition root starts the Telegram bot (in the background) only when `telegram` is configured, and stops it on close. */

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function doorman(telegram?: Record<string, unknown>, log: Logger = silentLogger()): Promise<{ app: App; configFile: TestConfigFile }> {
  const jellyfin = await JellyfinStandin.start({ admin: STANDIN_ADMIN });
  closers.push(() => jellyfin.close());
  const configFile = writeTestConfig(jellyfin.url, telegram ? { telegram } : {});
  closers.push(() => configFile.remove());
  const app = await createApp(readTestConfig(configFile.file), { log });
  closers.push(() => app.close());
  return { app, configFile };
}

describe('Doorman with and without Telegram', () => {
  it('without a telegram section no bot runs and no delivery is registered', async () => {
    const { app } = await doorman();
    await app.listen();
    expect(app.telegram).toBeNull();
    expect(app.deliveries.platforms()).toEqual([]);
  });

  it('with one, listen() starts the bot and registers its delivery; close() stops it and unregisters', async () => {
    const telegram = await TelegramStandin.start();
    closers.push(() => telegram.close());
    const { app } = await doorman({ token: telegram.token, api_root: `${telegram.apiRoot}/` });
    expect(app.telegram).toBeNull();
    await app.listen();
    await app.chatReady();
    expect(app.telegram?.mode).toBe('polling');
    expect(app.deliveries.get('telegram')?.botHandle).toBe('doorman_test_bot');
    const reply = telegram.nextSent(ALICE.id);
    telegram.userSends(ALICE, '/start');
    expect((await reply).text).toContain("I'm Doorman");
    const bot = app.telegram!.bot;
    await app.close();
    expect(bot.isRunning()).toBe(false);
    expect(app.deliveries.get('telegram')).toBeUndefined();
  });

  it('a token Telegram refuses is logged, naming the keys to check, and Doorman serves without Telegram', async () => {
    const telegram = await TelegramStandin.start({ token: '999:right-token' });
    closers.push(() => telegram.close());
    const lines: string[] = [];
    const { app } = await doorman({ token: '999:wrong-token', api_root: telegram.apiRoot }, pino({ level: 'error' }, { write: (line: string) => void lines.push(line) }));
    const address = await app.listen();
    await app.chatReady();
    expect(app.telegram).toBeNull();
    expect(app.deliveries.platforms()).toEqual([]);
    expect(lines.join('\n')).toContain('the Telegram bot could not start; Doorman runs without Telegram');
    expect(lines.join('\n')).toMatch(/getMe failed.*401.*Check telegram\.token and telegram\.api_root/);
    expect(lines.join('\n')).not.toContain('wrong-token');
    expect((await fetch(`${address}/healthz`)).status).toBeLessThan(500);
  });

  it('close() during a start still waiting for Telegram cancels it', async () => {
    const telegram = await TelegramStandin.start();
    closers.push(() => telegram.close());
    telegram.failNext('getMe', 502, 'Bad Gateway');
    const { app } = await doorman({ token: telegram.token, api_root: telegram.apiRoot });
    await app.listen();
    await app.close();
    await app.chatReady();
    expect(app.telegram).toBeNull();
    expect(app.deliveries.platforms()).toEqual([]);
  });
});
