import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, ALICE, BOB, startTelegramWorld, type TelegramWorld } from './support.ts';

/** Contact linking end to end: the sign-up page's PINs (through the core services the pages call) and the bot over grammY. */

let world: TelegramWorld;
afterEach(async () => world?.close());

const PASSWORD = 'Secret-pass1';

async function newInvite(uses = 3): Promise<string> {
  return (await world.app.services.invites.create({ uses })).code;
}

async function linkedJellyfinId(userId: number): Promise<string | null | undefined> {
  const row = await world.app.db.selectFrom('chat_identities').select('jellyfin_user_id').where('platform', '=', 'telegram').where('user_id', '=', String(userId)).executeTakeFirst();
  return row?.jellyfin_user_id;
}

describe('sign-up with Telegram required', () => {
  it('is refused without a verified PIN; /link PIN verifies; the account stores the Telegram id; /me shows it', async () => {
    world = await startTelegramWorld({ contacts: { mode: 'required' } });
    const code = await newInvite();
    const { contacts, signup } = world.app.services;
    await expect(signup.signup(code, { username: 'alice', password: PASSWORD })).rejects.toMatchObject({ code: 'contact_required' });
    const { pin } = await contacts.createPin({ inviteCode: code, platform: 'telegram' });
    await expect(signup.signup(code, { username: 'alice', password: PASSWORD, contacts: { telegram: { pin } } })).rejects.toMatchObject({ code: 'contact_unverified' });

    const verified = await world.say(ALICE, `/link ${pin}`);
    expect(verified.text).toContain('verified');
    expect(await contacts.pinStatus({ inviteCode: code, platform: 'telegram', pin })).toEqual({ verified: true });
    const { user } = await signup.signup(code, { username: 'alice', password: PASSWORD, contacts: { telegram: { pin } } });
    expect(await linkedJellyfinId(ALICE.id)).toBe(user.id);
    // The welcome goes out through the outbox right after the sign-up; wait for it, so /me's answer is the next message.
    const welcome = await world.telegram.waitForSent((message) => message.chatId === ALICE.id && message.text.startsWith('Welcome'));
    expect(welcome.text).toContain('alice');

    const me = await world.say(ALICE, '/me');
    expect(me.text).toContain('Your account: alice');
    expect(me.text).toContain('linked chats: Telegram @alice');
  });

  it('/start PIN (the deep link) and a bare PIN in a DM verify too', async () => {
    world = await startTelegramWorld({ contacts: { mode: 'required' } });
    const code = await newInvite();
    const { contacts } = world.app.services;
    const first = await contacts.createPin({ inviteCode: code, platform: 'telegram' });
    expect((await world.say(ALICE, `/start ${first.pin}`)).text).toContain('verified');
    const second = await contacts.createPin({ inviteCode: code, platform: 'telegram' });
    expect((await world.say(BOB, `${second.pin.slice(0, 4)}-${second.pin.slice(4).toLowerCase()}`)).text).toContain('verified');
    expect(await contacts.pinStatus({ inviteCode: code, platform: 'telegram', pin: second.pin })).toEqual({ verified: true });
  });

  it('a pending PIN survives a restart of Doorman between showing it and sending it', async () => {
    world = await startTelegramWorld({ contacts: { mode: 'required' } });
    const code = await newInvite();
    const { pin } = await world.app.services.contacts.createPin({ inviteCode: code, platform: 'telegram' });
    await world.restart();
    expect((await world.say(ALICE, pin)).text).toContain('verified');
    const { user } = await world.app.services.signup.signup(code, { username: 'alice', password: PASSWORD, contacts: { telegram: { pin } } });
    expect(await linkedJellyfinId(ALICE.id)).toBe(user.id);
  });

  it('the sixth wrong PIN within 10 minutes is refused without checking, even when it is right', async () => {
    world = await startTelegramWorld();
    const code = await newInvite();
    const { pin } = await world.app.services.contacts.createPin({ inviteCode: code, platform: 'telegram' });
    const wrong = pin.startsWith('A') ? 'BBBBBBBB' : 'AAAAAAAA';
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect((await world.say(ALICE, `/link ${wrong}`)).text, `attempt ${attempt}`).not.toContain('verified');
    }
    const sixth = await world.say(ALICE, `/link ${pin}`);
    expect(sixth.text).toMatch(/too many|try again/i);
    expect(await world.app.services.contacts.pinStatus({ inviteCode: code, platform: 'telegram', pin })).toEqual({ verified: false });
  });
});

describe('bot → page PINs', () => {
  it('DMs a PIN to a user who has sent /start; refuses a stranger and a user who blocked the bot', async () => {
    world = await startTelegramWorld();
    const code = await newInvite();
    const { contacts, signup } = world.app.services;
    await world.say(ALICE, '/start');
    const dm = world.telegram.nextSent(ALICE.id);
    await expect(contacts.sendPinDm({ inviteCode: code, platform: 'telegram', handle: '@Alice' })).resolves.toMatchObject({ sent: true });
    const pin = /\b([23456789A-HJKMNP-Z]{8})\b/.exec((await dm).text)?.[1];
    expect(pin).toBeDefined();
    const { user } = await signup.signup(code, { username: 'alice', password: PASSWORD, contacts: { telegram: { pin: pin!, handle: '@alice' } } });
    expect(await linkedJellyfinId(ALICE.id)).toBe(user.id);

    await expect(contacts.sendPinDm({ inviteCode: code, platform: 'telegram', handle: '@stranger' })).rejects.toMatchObject({
      code: 'handle_unknown', message: expect.stringContaining('@doorman_test_bot'),
    });
    await world.say(BOB, '/start');
    world.telegram.blockBot(BOB.id);
    await expect(contacts.sendPinDm({ inviteCode: code, platform: 'telegram', handle: '@bob' })).rejects.toMatchObject({ code: 'dm_closed' });
  });
});

describe('/link for an existing account', () => {
  it('an admin’s user link binds the handle of someone who wrote to the bot', async () => {
    world = await startTelegramWorld();
    world.jellyfin.addUser('carol', { password: PASSWORD });
    await world.say(ALICE, '/start');
    expect((await world.say(ALICE, '/me')).text).toContain('needs a Jellyfin account linked');
    const done = await world.say(ADMIN, '/user link carol telegram @alice');
    expect(done.text).toBe(`Telegram account @alice (${ALICE.id}) is now linked to carol.`);
    expect(await linkedJellyfinId(ALICE.id)).toBe(world.jellyfin.user('carol')!.Id);
    expect((await world.say(ALICE, '/me')).text).toContain('Your account: carol');
  });

  it('/link offers a sign-in page; signing in there binds this chat', async () => {
    world = await startTelegramWorld();
    world.jellyfin.addUser('dave', { password: PASSWORD });
    const offer = await world.say(BOB, '/link');
    const token = /\/link\/([A-Za-z0-9_-]+)/.exec(offer.text)?.[1];
    expect(token, offer.text).toBeDefined();
    const { contacts } = world.app.services;
    await expect(contacts.redeemAccountLinkToken({ token: token!, username: 'dave', password: 'wrong' })).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(contacts.redeemAccountLinkToken({ token: token!, username: 'dave', password: PASSWORD })).resolves.toMatchObject({ username: 'dave', platform: 'telegram' });
    expect(await linkedJellyfinId(BOB.id)).toBe(world.jellyfin.user('dave')!.Id);
    expect((await world.say(BOB, '/me')).text).toContain('Your account: dave');
    expect((await world.say(BOB, '/link')).text).toContain('already linked to dave');
  });
});
