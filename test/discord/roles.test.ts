import { afterEach, describe, expect, it } from 'vitest';
import { TEST_PUBLIC_URL } from '../support/app-harness.ts';
import { ALICE, api, BOSS, MEMBER_ROLE, startLinkingWorld, type LinkingWorld } from './linking-support.ts';

/** discord.member_role, given whenever a Discord account is bound to an account, and what happens when Discord refuses. */

let world: LinkingWorld;
afterEach(async () => world?.close());

const PASSWORD = 'Secret-pass1';

async function linkedAccount(userId: string): Promise<string | null | undefined> {
  const row = await world.app.db.selectFrom('chat_identities').select('jellyfin_user_id').where('platform', '=', 'discord').where('user_id', '=', userId).executeTakeFirst();
  return row?.jellyfin_user_id;
}

/** A Jellyfin account made through an invite, without any chat contact. */
async function plainAccount(username: string): Promise<string> {
  const { code } = await world.app.services.invites.create({ uses: 1 });
  const answer = await api(world, 'POST', `/api/v1/invites/${code}/signup`, { username, password: PASSWORD });
  expect(answer.status).toBe(201);
  return answer.body.user.id as string;
}

/** Alice proves her Discord account to the sign-up page with /link PIN in a DM and signs up. */
async function signUpWithDiscord(username: string): Promise<{ status: number; body: any }> {
  const { code } = await world.app.services.invites.create({ uses: 1 });
  const { pin } = (await api(world, 'POST', `/api/v1/invites/${code}/contacts/discord/pin`)).body as { pin: string };
  await world.discord.waitForReply(world.discord.userRunsSlashCommand(ALICE, { name: 'link', options: { pin } }, { dm: true }));
  return api(world, 'POST', `/api/v1/invites/${code}/signup`, { username, password: PASSWORD, contacts: { discord: { pin } } });
}

describe('the member role on link', () => {
  it('is given when an admin links a Discord account with /user link', async () => {
    world = await startLinkingWorld();
    const accountId = await plainAccount('alice');
    const id = world.discord.userRunsSlashCommand(BOSS, { name: 'user', subcommand: 'link', options: { user: 'alice', platform: 'discord', id: ALICE.id } });
    expect((await world.discord.waitForReply(id)).content).toContain('is now linked to alice');
    expect(await linkedAccount(ALICE.id)).toBe(accountId);
    expect(world.discord.memberRoles(ALICE.id)).toEqual([MEMBER_ROLE]);
  });

  it('is given when an existing account links itself: /link → the sign-in page → linked', async () => {
    world = await startLinkingWorld();
    const accountId = await plainAccount('alice');
    const id = world.discord.userRunsSlashCommand(ALICE, { name: 'link', options: {} }, { dm: true });
    const reply = await world.discord.waitForReply(id);
    const url = new RegExp(`${TEST_PUBLIC_URL}/link/(\\S+)`).exec(reply.content);
    expect(url, reply.content).not.toBeNull();
    expect(world.discord.memberRoles(ALICE.id)).toEqual([]);
    const page = await fetch(`${world.address}/link/${url![1]}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: 'alice', password: PASSWORD }).toString(),
    });
    expect(page.status).toBe(200);
    expect(await linkedAccount(ALICE.id)).toBe(accountId);
    expect(world.discord.memberRoles(ALICE.id)).toEqual([MEMBER_ROLE]);
  });

  it('a 403 (the member role sits above the bot’s) leaves the link in place, logs a warning and the admins get a notice with the fix', async () => {
    world = await startLinkingWorld({ mode: 'required', memberRoleAboveBot: true });
    const signup = await signUpWithDiscord('alice');
    expect(signup.status).toBe(201);
    expect(await linkedAccount(ALICE.id)).toBe(signup.body.user.id);
    expect(world.discord.memberRoles(ALICE.id)).toEqual([]);
    const refused = world.discord.requests.filter((request) => request.method === 'PUT' && request.path.endsWith(`/roles/${MEMBER_ROLE}`));
    expect(refused.map((request) => [request.status, (request.response as { code?: number }).code])).toEqual([[403, 50013]]);

    // The admin notice goes through the outbox: a DM to each admin listed for Discord.
    const dms = () => world.discord.dmsTo(BOSS.id).map((message) => message.content).join('\n');
    await expect.poll(dms, { timeout: 10_000 }).toContain('The link itself is in place');
    const notice = dms();
    expect(notice).toContain('alice');
    expect(notice).toContain(ALICE.id);
    expect(notice).toContain('The link itself is in place');
    expect(notice).toMatch(/drag the bot's role above the member role/);
    expect(notice).toContain('Manage Roles');

    const warning = world.logLines.map((line) => JSON.parse(line) as { level: number; msg: string; err?: string }).find((line) => line.msg.includes('step after linking failed'));
    expect(warning?.level).toBe(40);
    expect(warning?.err).toContain('Missing Permissions');
    expect(world.logLines.join('\n')).not.toContain(world.discord.token);
  });

  it('a failed role on an admin link still links, and the admin is told', async () => {
    world = await startLinkingWorld({ memberRoleAboveBot: true });
    const accountId = await plainAccount('alice');
    const id = world.discord.userRunsSlashCommand(BOSS, { name: 'user', subcommand: 'link', options: { user: 'alice', platform: 'discord', id: ALICE.id } });
    expect((await world.discord.waitForReply(id)).content).toContain('is now linked to alice');
    expect(await linkedAccount(ALICE.id)).toBe(accountId);
    await expect.poll(() => world.discord.dmsTo(BOSS.id).map((message) => message.content).join('\n'), { timeout: 10_000 }).toContain('Missing Permissions');
  });
});
