import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PUBLIC_URL } from '../support/app-harness.ts';
import { ALICE, BOSS, CAROL, startDiscordWorld, type DiscordWorld } from './support.ts';

/** `/invite create uses:2` through the real discord.js: admins by id (BOSS) and by role (CAROL), and a non-admin. */

let world: DiscordWorld;

beforeAll(async () => {
  world = await startDiscordWorld();
});

afterAll(async () => {
  await world?.close();
});

const EPHEMERAL = 64;

/** The invite link in a reply, opened on Doorman's own HTTP server (public_url is not reachable in tests). */
async function openLink(content: string): Promise<{ code: string; status: number; page: string }> {
  const link = new RegExp(`${TEST_PUBLIC_URL}/invite/([A-Za-z0-9_-]+)`).exec(content);
  expect(link, `an invite link in: ${content}`).not.toBeNull();
  const response = await fetch(`${world.address}/invite/${link![1]}`);
  return { code: link![1]!, status: response.status, page: await response.text() };
}

describe('/invite create uses:2', () => {
  it('by an admin listed by id: an ephemeral reply whose link opens the sign-up page, for 2 accounts', async () => {
    const id = world.discord.userRunsSlashCommand(BOSS, { name: 'invite', subcommand: 'create', options: { uses: 2 } });
    const reply = await world.discord.waitForReply(id);
    expect(world.discord.interaction(id)?.ephemeral).toBe(true);
    expect(Number(reply.body.flags) & EPHEMERAL).toBe(EPHEMERAL);
    const { code, status, page } = await openLink(reply.content);
    expect(status).toBe(200);
    expect(page).toContain('<form');
    const invite = (await world.app.services.invites.list()).find((candidate) => candidate.code === code);
    expect(invite).toMatchObject({ uses_total: 2, status: 'active' });
  });

  it('by an admin through a role in admins.discord_roles (read from the interaction’s member payload)', async () => {
    const id = world.discord.userRunsSlashCommand(CAROL, { name: 'invite', subcommand: 'create', options: { uses: 2 } });
    const reply = await world.discord.waitForReply(id);
    expect(world.discord.interaction(id)?.ephemeral).toBe(true);
    const { code, status } = await openLink(reply.content);
    expect(status).toBe(200);
    expect((await world.app.services.invites.list()).find((candidate) => candidate.code === code)?.uses_total).toBe(2);
  });

  it('the same role outside the guild (a DM has no member payload) does not make an admin', async () => {
    const before = (await world.app.services.invites.list()).length;
    const id = world.discord.userRunsSlashCommand(CAROL, { name: 'invite', subcommand: 'create', options: { uses: 2 } }, { dm: true });
    expect((await world.discord.waitForReply(id)).content).toBe('Only admins may run invite create.');
    expect((await world.app.services.invites.list()).length).toBe(before);
  });

  it('by a non-admin: refused ephemerally, and no invite is created', async () => {
    const before = await world.app.services.invites.list();
    const id = world.discord.userRunsSlashCommand(ALICE, { name: 'invite', subcommand: 'create', options: { uses: 2 } });
    const reply = await world.discord.waitForReply(id);
    expect(reply.content).toBe('Only admins may run invite create.');
    expect(world.discord.interaction(id)?.ephemeral).toBe(true);
    expect(await world.app.services.invites.list()).toEqual(before);
  });
});
