import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatDeliveryError } from '../../src/chat/delivery.ts';
import { TEST_PUBLIC_URL } from '../support/app-harness.ts';
import { ALICE, BOSS, CAROL, GUILD_ID, startDiscordWorld, type DiscordWorld } from './support.ts';

let world: DiscordWorld;

beforeAll(async () => {
  world = await startDiscordWorld();
});

afterAll(async () => {
  await world?.close();
});

describe('Discord adapter against the stand-in', () => {
  it('an admin by id gets an ephemeral invite link from /invite create uses:2', async () => {
    const id = world.discord.userRunsSlashCommand(BOSS, { name: 'invite', subcommand: 'create', options: { uses: 2 } });
    const reply = await world.discord.waitForReply(id);
    expect(world.discord.interaction(id)?.ephemeral).toBe(true);
    expect(reply.content).toContain(`${TEST_PUBLIC_URL}/invite/`);
    const invites = await world.app.services.invites.list();
    expect(invites.filter((invite) => reply.content.includes(invite.code)).map((invite) => invite.uses_total)).toEqual([2]);
  });

  it('an admin by role may create an invite too', async () => {
    const id = world.discord.userRunsSlashCommand(CAROL, { name: 'invite', subcommand: 'create', options: {} });
    const reply = await world.discord.waitForReply(id);
    expect(reply.content).toContain(`${TEST_PUBLIC_URL}/invite/`);
  });

  it('a non-admin is refused with the Telegram wording, and nothing changes', async () => {
    const before = (await world.app.services.invites.list()).length;
    const id = world.discord.userRunsSlashCommand(ALICE, { name: 'invite', subcommand: 'create', options: { uses: 2 } });
    const reply = await world.discord.waitForReply(id);
    expect(reply.content).toBe('Only admins may run invite create.');
    expect((await world.app.services.invites.list()).length).toBe(before);
  });

  it('/help for a user lists no admin command', async () => {
    const id = world.discord.userRunsSlashCommand(ALICE, { name: 'help', options: {} });
    const reply = await world.discord.waitForReply(id);
    expect(reply.content).toContain('link');
    const listed = reply.content.split('\n').map((line) => line.split(' ')[0]);
    for (const admin of ['invite', 'user', 'profile', 'apikey']) expect(listed).not.toContain(admin);
  });

  it('answers a user’s command in the guild publicly, and an admin command in a DM too', async () => {
    const help = world.discord.userRunsSlashCommand(ALICE, { name: 'help', options: {} });
    await world.discord.waitForReply(help);
    expect(world.discord.interaction(help)?.ephemeral).toBe(false);
    const inDm = world.discord.userRunsSlashCommand(BOSS, { name: 'invite', subcommand: 'list', options: {} }, { dm: true });
    const reply = await world.discord.waitForReply(inDm);
    expect(reply.content.length).toBeGreaterThan(0);
    expect(reply.content).not.toContain('Only admins');
  });

  it('answers a command Doorman does not know with the runtime’s refusal, and keeps serving', async () => {
    const id = world.discord.userRunsSlashCommand(ALICE, { name: 'bogus', options: {} });
    const reply = await world.discord.waitForReply(id);
    expect(reply.content.length).toBeGreaterThan(0);
    const next = world.discord.userRunsSlashCommand(ALICE, { name: 'help', options: {} });
    expect((await world.discord.waitForReply(next)).content).toContain('Commands you may run');
  });

  it('sends a direct message, and says closed when the user’s DMs are closed', async () => {
    const dm = world.discord.nextDm(ALICE.id);
    await world.adapter.delivery.sendDirect(ALICE.id, { text: 'Your PIN is 123456' });
    expect((await dm).content).toBe('Your PIN is 123456');
    world.discord.closeDms(ALICE.id);
    const refusal = await world.adapter.delivery.sendDirect(ALICE.id, { text: 'again' }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ChatDeliveryError);
    expect(refusal).toMatchObject({ platform: 'discord', failure: 'closed' });
  });
});

describe('Discord start failures', () => {
  it('a token Discord refuses is logged, naming the keys to check, and Doorman serves without Discord', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'error' }, { write: (line: string) => void lines.push(line) });
    const failed = await startDiscordWorld({ token: 'wrong-token', log, expectRunning: false });
    try {
      expect(failed.app.discord).toBeNull();
      expect(lines.join('\n')).toContain('discord.token');
      const health = await fetch(`${failed.address}/healthz`);
      expect(health.status).toBe(200);
    } finally {
      await failed.close();
    }
  });
});
