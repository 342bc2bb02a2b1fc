import { Client, GatewayIntentBits, Events, type Interaction } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { DiscordStandin, type StandinGuild } from './index.ts';

const GUILD_ID = '800000000000000001';
const MEMBER_ROLE = '800000000000000010';
const BOT_ROLE = '800000000000000011';
const ADMIN_ROLE = '800000000000000012';
const alice = { id: '700000000000000001', username: 'alice' };
const bob = { id: '700000000000000002', username: 'bob' };

function guild(): StandinGuild {
  return {
    id: GUILD_ID,
    name: 'Film Club',
    roles: [
      { id: MEMBER_ROLE, name: 'Member', position: 1 },
      { id: BOT_ROLE, name: 'Doorman', position: 2, permissions: String(1n << 28n) },
      { id: ADMIN_ROLE, name: 'Admin', position: 3 },
    ],
    members: [
      { user: alice, roles: [] },
      { user: bob, roles: [ADMIN_ROLE] },
    ],
    botRoles: [BOT_ROLE],
  };
}

let standin: DiscordStandin | undefined;
let client: Client | undefined;

afterEach(async () => {
  await client?.destroy();
  client = undefined;
  await standin?.close();
  standin = undefined;
});

async function loggedIn(intents = [GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages]): Promise<{ standin: DiscordStandin; client: Client }> {
  standin = await DiscordStandin.start({ guild: guild() });
  client = new Client({ intents, rest: { api: standin.restBase, retries: 0 } });
  const ready = new Promise<void>((resolve) => client?.once(Events.ClientReady, () => resolve()));
  await client.login(standin.token);
  await ready;
  return { standin, client };
}

function nextInteraction(bot: Client): Promise<Interaction> {
  return new Promise((resolve) => bot.once(Events.InteractionCreate, resolve));
}

describe('discord.js 14 against the Discord stand-in', () => {
  it('logs in: gateway/bot, IDENTIFY with the intents, READY, then the guild from GUILD_CREATE', async () => {
    const { standin, client } = await loggedIn();
    expect(client.user?.id).toBe(standin.bot.id);
    expect(client.application?.id).toBe(standin.appId);
    expect(client.guilds.cache.get(GUILD_ID)?.name).toBe('Film Club');
    expect(client.guilds.cache.get(GUILD_ID)?.roles.cache.get(BOT_ROLE)?.name).toBe('Doorman');
    expect(standin.requests[0]).toMatchObject({ method: 'GET', path: '/gateway/bot', authorized: true, status: 200 });
    expect(standin.identifies).toEqual([expect.objectContaining({ tokenValid: true, intents: GatewayIntentBits.Guilds | GatewayIntentBits.DirectMessages })]);
  });
});
