import { afterEach, describe, expect, it } from 'vitest';
import { ALICE, BOB, pinIn, startMatrixWorld, type MatrixWorld } from './support.ts';

/** Linking a Matrix account during sign-up, both directions, through Doorman's HTTP routes and the real bot. */

let world: MatrixWorld;
afterEach(async () => world?.close());

const PASSWORD = 'Secret-pass1';

async function newInvite(): Promise<string> {
  return (await world.app.services.invites.create({ uses: 3 })).code;
}

async function api(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${world.address}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

async function linkedJellyfinId(userId: string): Promise<string | null | undefined> {
  const row = await world.app.db.selectFrom('chat_identities').select('jellyfin_user_id').where('platform', '=', 'matrix').where('user_id', '=', userId).executeTakeFirst();
  return row?.jellyfin_user_id;
}

/** `!me`, and its answer (a welcome notice may arrive in the same room meanwhile). */
async function askMe(roomId: string, userId: string) {
  const from = world.matrix.sentBy(world.matrix.bot.userId, roomId).length;
  const answer = world.matrix.waitForSent((event) => event.roomId === roomId && /Your account/.test(event.body ?? '') && world.matrix.sentBy(world.matrix.bot.userId, roomId).indexOf(event) >= from);
  world.matrix.userSays(roomId, userId, '!me');
  return answer;
}

describe('sign-up with Matrix required', () => {
  it('bot → page: the Matrix id typed on the page gets a DM with a PIN; the PIN typed back signs up; !me shows the link', async () => {
    world = await startMatrixWorld({ contacts: { mode: 'required' } });
    const code = await newInvite();
    const refused = await api('POST', `/api/v1/invites/${code}/signup`, { username: 'alice', password: PASSWORD });
    expect(refused).toMatchObject({ status: 422, body: { error: { code: 'contact_required' } } });

    const dm = world.matrix.waitForSent((event) => event.sender === world.matrix.bot.userId && /PIN/.test(event.body ?? ''));
    expect(await api('POST', `/api/v1/invites/${code}/contacts/matrix/dm`, { handle: ALICE })).toMatchObject({ status: 200, body: { sent: true } });
    const message = await dm;
    expect(message.msgtype).toBe('m.notice');
    const create = world.matrix.requests.find((request) => request.path === '/createRoom');
    expect(create?.body).toMatchObject({ invite: [ALICE], is_direct: true });
    expect(world.matrix.membership(message.roomId, ALICE)).toBe('join');
    const pin = pinIn(message);
    expect(await api('GET', `/api/v1/invites/${code}/contacts/matrix/pin/${pin}`)).toMatchObject({ status: 200, body: { verified: true } });

    const signup = await api('POST', `/api/v1/invites/${code}/signup`, { username: 'alice', password: PASSWORD, contacts: { matrix: { pin, handle: ALICE } } });
    expect(signup.status).toBe(201);
    expect(await linkedJellyfinId(ALICE)).toBe(signup.body.user.id);

    const me = await askMe(message.roomId, ALICE);
    expect(me.body).toContain('alice');
    expect(me.body).toContain(ALICE);
  });

  it('page → bot: the PIN the page shows, sent as !link PIN from a DM, verifies; the account stores the Matrix id', async () => {
    world = await startMatrixWorld({ contacts: { mode: 'required' } });
    const code = await newInvite();
    const created = await api('POST', `/api/v1/invites/${code}/contacts/matrix/pin`);
    expect(created.status).toBe(201);
    const { pin } = created.body as { pin: string };
    expect(await api('GET', `/api/v1/invites/${code}/contacts/matrix/pin/${pin}`)).toMatchObject({ body: { verified: false } });

    const roomId = await world.openDm(BOB);
    const verified = await world.say(roomId, BOB, `!link ${pin}`);
    expect(verified.body).toContain('verified');
    expect(await api('GET', `/api/v1/invites/${code}/contacts/matrix/pin/${pin}`)).toMatchObject({ body: { verified: true } });
    const signup = await api('POST', `/api/v1/invites/${code}/signup`, { username: 'bob', password: PASSWORD, contacts: { matrix: { pin } } });
    expect(signup.status).toBe(201);
    expect(await linkedJellyfinId(BOB)).toBe(signup.body.user.id);
    expect((await askMe(roomId, BOB)).body).toContain(BOB);
  });

  it('a Matrix id that is not one is refused on the page; the DM goes to the room the person opened', async () => {
    world = await startMatrixWorld();
    const code = await newInvite();
    const wrong = await api('POST', `/api/v1/invites/${code}/contacts/matrix/dm`, { handle: 'alice' });
    expect(wrong).toMatchObject({ status: 422, body: { error: { code: 'handle_unknown', message: expect.stringContaining('like @alice:example.org') } } });

    const roomId = await world.openDm(ALICE);
    const dm = world.matrix.nextSent(roomId);
    expect((await api('POST', `/api/v1/invites/${code}/contacts/matrix/dm`, { handle: ALICE })).status).toBe(200);
    expect(pinIn(await dm)).toHaveLength(8);
    expect(world.matrix.requests.some((request) => request.path === '/createRoom')).toBe(false);
  });

  it("the sign-up page's Matrix section speaks Matrix: !link, the bot's Matrix id, 'Your Matrix ID'", async () => {
    world = await startMatrixWorld({ contacts: { mode: 'required' } });
    const code = await newInvite();
    const page = await (await fetch(`${world.address}/invite/${code}`)).text();
    const section = page.slice(page.indexOf('id="matrix"'));
    expect(section).toContain('Matrix <span class="legend-note">(required)</span>');
    expect(section).toContain('<code>!link <span data-slot="pin">');
    expect(section).toContain('@doorman:example.test');
    expect(section).toContain('Your Matrix ID');
    expect(section).not.toContain('/start');
  });
});
