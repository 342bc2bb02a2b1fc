import { afterEach, describe, expect, it } from 'vitest';
import { runDoctor, type CheckResult } from '../../src/doctor.ts';
import { checkDiscord } from '../../src/doctor/discord.ts';
import { silentLogger } from '../../src/log.ts';
import { DiscordStandin, type StandinGuild } from '../fakes/discord/index.ts';
import { readTestConfig } from '../support/app-harness.ts';
import { BOT_ROLE, GUILD_ID, MEMBER_ROLE, startLinkingWorld, type LinkingWorld } from './linking-support.ts';

/** `doorman doctor` against the Discord stand-in: each broken setting is found and its fix named. */

const VIEW = 1n << 10n;
const SEND = 1n << 11n;
const MANAGE_ROLES = 1n << 28n;
const USE_COMMANDS = 1n << 31n;
const ALL_NEEDED = VIEW | SEND | MANAGE_ROLES | USE_COMMANDS;

let discord: DiscordStandin | undefined;
let world: LinkingWorld | undefined;
afterEach(async () => {
  await discord?.close();
  await world?.close();
  discord = undefined;
  world = undefined;
});

function guild(options: { botPermissions?: bigint; botPosition?: number } = {}): StandinGuild {
  return {
    id: GUILD_ID,
    name: 'Film Club',
    roles: [
      { id: MEMBER_ROLE, name: 'Member', position: 2 },
      { id: BOT_ROLE, name: 'Doorman', position: options.botPosition ?? 3, permissions: String(options.botPermissions ?? ALL_NEEDED) },
    ],
    members: [],
    botRoles: [BOT_ROLE],
  };
}

async function doctor(overrides: { token?: string; guild_id?: string } = {}): Promise<CheckResult[]> {
  return checkDiscord(
    { token: overrides.token ?? discord!.token, application_id: discord!.appId, guild_id: overrides.guild_id ?? GUILD_ID, api_root: discord!.restBase, member_role: MEMBER_ROLE },
    { gatewayTimeoutMs: 5000 },
  );
}

function byName(results: CheckResult[]): Record<string, CheckResult> {
  return Object.fromEntries(results.map((result) => [result.name, result]));
}

describe('doctor for Discord', () => {
  it('passes a correct setup, naming the bot, the server and the role order, never the token', async () => {
    discord = await DiscordStandin.start({ guild: guild() });
    const results = await doctor();
    expect(results.map((result) => [result.name, result.status])).toEqual([
      ['discord token', 'ok'], ['discord intents', 'ok'], ['discord guild', 'ok'], ['discord permissions', 'ok'], ['discord role order', 'ok'],
    ]);
    expect(byName(results)['discord guild'].detail).toContain('"Film Club"');
    expect(byName(results)['discord role order'].detail).toContain('"Doorman" sits above "Member"');
    expect(JSON.stringify(results)).not.toContain(discord.token);
  });

  it('the Server Members Intent switched off (4014): names the switch and where it is', async () => {
    discord = await DiscordStandin.start({ guild: guild() });
    discord.privilegedIntents = { ...discord.privilegedIntents, guildMembers: false };
    const intents = byName(await doctor())['discord intents'];
    expect(intents.status).toBe('FAIL');
    expect(intents.detail).toContain('4014');
    expect(intents.fix).toContain('Bot → Privileged Gateway Intents → turn on "Server Members Intent"');
  });

  it('the bot’s role below member_role: says to drag it above', async () => {
    discord = await DiscordStandin.start({ guild: guild({ botPosition: 1 }) });
    const order = byName(await doctor())['discord role order'];
    expect(order.status).toBe('FAIL');
    expect(order.fix).toBe('in Discord: Server Settings → Roles → drag "Doorman" above "Member", then Save Changes');
  });

  it('missing Manage Roles: names the permission and the bot’s role to change', async () => {
    discord = await DiscordStandin.start({ guild: guild({ botPermissions: VIEW | SEND | USE_COMMANDS }) });
    const permissions = byName(await doctor())['discord permissions'];
    expect(permissions.status).toBe('FAIL');
    expect(permissions.detail).toBe('the bot lacks Manage Roles in "Film Club"');
    expect(permissions.fix).toContain('Server Settings → Roles → the role "Doorman" → Permissions → turn on Manage Roles');
  });

  it('a wrong token: one failure saying where to get the right one, and the token is not printed', async () => {
    discord = await DiscordStandin.start({ guild: guild() });
    const results = await doctor({ token: 'not-the-token' });
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ name: 'discord token', status: 'FAIL' });
    expect(results[0].fix).toContain('discord.token');
    expect(results[0].fix).toContain('Bot → Reset Token');
    expect(JSON.stringify(results)).not.toContain('not-the-token');
  });

  it('the bot not in the configured server: an invite link for the bot with the permissions it needs', async () => {
    discord = await DiscordStandin.start({ guild: guild() });
    const results = byName(await doctor({ guild_id: '800000000000000099' }));
    expect(results['discord guild'].status).toBe('FAIL');
    expect(results['discord guild'].detail).toContain('not in the server 800000000000000099');
    expect(results['discord guild'].fix).toContain(`https://discord.com/oauth2/authorize?client_id=${discord.appId}&scope=bot+applications.commands&permissions=${ALL_NEEDED.toString()}`);
    expect(results['discord guild'].fix).toContain('discord.guild_id');
  });
});

describe('close code 4014 at login', () => {
  it('the start-up log names the Server Members Intent, and `doctor` (the whole run) prints the switch', async () => {
    world = await startLinkingWorld({ beforeStart: (standin) => (standin.privilegedIntents = { ...standin.privilegedIntents, guildMembers: false }) });
    expect(world.app.discord).toBeNull();
    const startLog = world.logLines.join('\n');
    expect(startLog).toContain('4014');
    expect(startLog).toContain('Privileged Gateway Intents → Server Members Intent');

    const lines: string[] = [];
    const code = await runDoctor(readTestConfig(world.configFile.file), { configFile: world.configFile.file, log: silentLogger(), write: (line) => lines.push(line) });
    const output = lines.join('\n');
    expect(code).toBe(2);
    expect(output).toMatch(/FAIL {4}discord intents: Discord closed the gateway with 4014/);
    expect(output).toContain('turn on "Server Members Intent"');
    expect(output).toMatch(/ok {6}discord token/);
    expect(output).not.toContain(world.discord.token);
  });
});
