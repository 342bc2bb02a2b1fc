import { afterEach, describe, expect, it } from 'vitest';
import { ALICE, api, CAROL, DAVE, GUILD_ID, MEMBER_ROLE, pinIn, startLinkingWorld, type LinkingWorld } from './linking-support.ts';

/**
 * Discord linking end to end: the real discord.js adapter against the stand-in, Doorman's HTTP
 * routes for the page's side, the Jellyfin stand-in for the account.
 */

let world: LinkingWorld;
afterEach(async () => world?.close());

const PASSWORD = 'Secret-pass1';

async function newInvite(): Promise<string> {
  return (await world.app.services.invites.create({ uses: 5 })).code;
}

async function linkedAccount(userId: string): Promise<string | null | undefined> {
  const row = await world.app.db.selectFrom('chat_identities').select('jellyfin_user_id').where('platform', '=', 'discord').where('user_id', '=', userId).executeTakeFirst();
  return row?.jellyfin_user_id;
}

async function signUp(code: string, username: string, pin?: string) {
  return api(world, 'POST', `/api/v1/invites/${code}/signup`, { username, password: PASSWORD, ...(pin ? { contacts: { discord: { pin } } } : {}) });
}

describe('sign-up with Discord required (page → bot)', () => {
  it('is refused without a PIN; /link PIN in a DM verifies; the account is linked and gets the member role', async () => {
    world = await startLinkingWorld({ mode: 'required' });
    const code = await newInvite();
    expect((await signUp(code, 'alice')).body.error.code).toBe('contact_required');
    const created = await api(world, 'POST', `/api/v1/invites/${code}/contacts/discord/pin`);
    expect(created.status).toBe(201);
    const { pin } = created.body as { pin: string };

    const id = world.discord.userRunsSlashCommand(ALICE, { name: 'link', options: { pin } }, { dm: true });
    const reply = await world.discord.waitForReply(id);
    expect(reply.content).toContain('verified');
    expect((await api(world, 'GET', `/api/v1/invites/${code}/contacts/discord/pin/${pin}`)).body).toEqual({ verified: true });

    const signup = await signUp(code, 'alice', pin);
    expect(signup.status).toBe(201);
    expect(await linkedAccount(ALICE.id)).toBe(signup.body.user.id);
    expect(world.discord.memberRoles(ALICE.id)).toEqual([MEMBER_ROLE]);
    const put = world.discord.requests.filter((request) => request.method === 'PUT' && request.path.includes('/roles/'));
    expect(put.map((request) => [request.path, request.status])).toEqual([[`/guilds/${GUILD_ID}/members/${ALICE.id}/roles/${MEMBER_ROLE}`, 204]]);
  });

  it('/link PIN in a guild channel verifies too, answered ephemerally', async () => {
    world = await startLinkingWorld({ mode: 'required' });
    const code = await newInvite();
    const { pin } = (await api(world, 'POST', `/api/v1/invites/${code}/contacts/discord/pin`)).body as { pin: string };
    const id = world.discord.userRunsSlashCommand(CAROL, { name: 'link', options: { pin } });
    const reply = await world.discord.waitForReply(id);
    expect(world.discord.interaction(id)?.ephemeral).toBe(true);
    expect(reply.content).toContain('verified');
    const signup = await signUp(code, 'carol', pin);
    expect(signup.status).toBe(201);
    expect(await linkedAccount(CAROL.id)).toBe(signup.body.user.id);
    expect(world.discord.memberRoles(CAROL.id)).toEqual([MEMBER_ROLE]);
  });
});

describe('bot → page PINs for Discord', () => {
  it('finds a member who never used the bot by username (any case, with @), DMs the PIN, and the sign-up links them', async () => {
    world = await startLinkingWorld({ mode: 'required' });
    const code = await newInvite();
    const sent = await api(world, 'POST', `/api/v1/invites/${code}/contacts/discord/dm`, { handle: '@Dave.Watches' });
    expect(sent).toEqual({ status: 200, body: { sent: true } });
    const search = world.discord.requests.find((request) => request.path === `/guilds/${GUILD_ID}/members/search`);
    expect(search?.query).toMatchObject({ query: 'Dave.Watches' });
    const dm = world.discord.dmsTo(DAVE.id);
    expect(dm).toHaveLength(1);
    const pin = pinIn(dm[0].content);
    const signup = await api(world, 'POST', `/api/v1/invites/${code}/signup`, { username: 'dave', password: PASSWORD, contacts: { discord: { pin, handle: 'dave.watches' } } });
    expect(signup.status).toBe(201);
    expect(await linkedAccount(DAVE.id)).toBe(signup.body.user.id);
    expect(world.discord.memberRoles(DAVE.id)).toEqual([MEMBER_ROLE]);
  });

  it('finds a user by id (GET /users/{id})', async () => {
    world = await startLinkingWorld();
    const code = await newInvite();
    expect((await api(world, 'POST', `/api/v1/invites/${code}/contacts/discord/dm`, { handle: DAVE.id })).body).toEqual({ sent: true });
    expect(world.discord.requests.some((request) => request.method === 'GET' && request.path === `/users/${DAVE.id}`)).toBe(true);
    expect(pinIn(world.discord.dmsTo(DAVE.id)[0].content)).toMatch(/^[A-Z0-9]{8}$/);
  });

  it('a username that only starts like a member’s, or a display name, is not a match: handle_unknown, nothing sent', async () => {
    world = await startLinkingWorld();
    const code = await newInvite();
    for (const handle of ['dave', 'Dave']) {
      const answer = await api(world, 'POST', `/api/v1/invites/${code}/contacts/discord/dm`, { handle });
      expect(answer.status, handle).toBe(422);
      expect(answer.body.error.code).toBe('handle_unknown');
      expect(answer.body.error.message).toContain('not the display name');
    }
    expect(world.discord.dmsTo(DAVE.id)).toEqual([]);
  });

  it('closed DMs (50007): 409 dm_closed telling the person which Discord privacy setting to change', async () => {
    world = await startLinkingWorld();
    world.discord.closeDms(DAVE.id);
    const code = await newInvite();
    const answer = await api(world, 'POST', `/api/v1/invites/${code}/contacts/discord/dm`, { handle: 'dave.watches' });
    expect(answer.status).toBe(409);
    expect(answer.body.error.code).toBe('dm_closed');
    expect(answer.body.error.message).toContain('Privacy & Safety');
    expect(answer.body.error.message).toContain('direct messages from server members');
    expect(world.discord.dmsTo(DAVE.id)).toEqual([]);
  });
});
