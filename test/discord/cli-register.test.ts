import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.ts';
import { captureIo, writeTestConfig } from '../support/app-harness.ts';
import { GUILD_ID, startDiscordWorld, type DiscordWorld } from './support.ts';

let world: DiscordWorld;

beforeAll(async () => {
  world = await startDiscordWorld();
});

afterAll(async () => {
  await world?.close();
});

function puts(): { path: string; names: string[] }[] {
  return world.discord.requests
    .filter((request) => request.method === 'PUT' && request.path.startsWith('/applications/'))
    .map((request) => ({ path: request.path, names: (request.body as { name: string }[]).map((command) => command.name) }));
}

describe('doorman commands register', () => {
  it('bulk-overwrites the global and the guild commands over REST and says how many', async () => {
    const before = puts().length;
    const io = captureIo();
    const code = await main(['commands', 'register', '--config', world.configFile], io);
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const sent = puts().slice(before);
    expect(sent.map((put) => put.path)).toEqual([
      `/applications/${world.discord.appId}/commands`,
      `/applications/${world.discord.appId}/guilds/${GUILD_ID}/commands`,
    ]);
    expect(sent[0]!.names).toContain('link');
    expect(sent[1]!.names).toContain('invite');
    expect(io.out()).toBe(`Registered ${sent[0]!.names.length} global slash commands and ${sent[1]!.names.length} admin commands in guild ${GUILD_ID}.\n`);
  });

  it('refuses an unknown sub-verb and a config without discord, with exit code 2', async () => {
    const wrong = captureIo();
    expect(await main(['commands', 'list', '--config', world.configFile], wrong)).toBe(2);
    expect(wrong.err()).toContain('Usage: doorman commands register');

    const plain = writeTestConfig(world.jellyfin.url);
    try {
      const io = captureIo();
      expect(await main(['commands', 'register', '--config', plain.file], io)).toBe(2);
      expect(io.err()).toContain('no discord section');
    } finally {
      plain.remove();
    }
  });
});
