import { afterEach, describe, expect, it } from 'vitest';
import { errorCode, shown, startChatWorld, type ChatWorld } from './support.ts';

let world: ChatWorld;
afterEach(async () => world?.close());

const alice = { userId: '5001', handle: '@alice' };
const GOOD = { username: 'alice', password: 'Secret123' };

async function refusal(work: Promise<unknown>): Promise<{ code: string; status: number; message: string }> {
  const error = await work.then(() => null, (e: unknown) => e);
  if (!error) throw new Error('expected a refusal');
  return error as { code: string; status: number; message: string };
}

async function verifiedPin(code: string, who = alice): Promise<string> {
  const { pin } = await world.services.contacts.createPin({ inviteCode: code, platform: 'telegram' });
  expect((await world.say(who, `/link ${pin}`)).text).toContain('verified');
  return pin;
}

describe('sign-up with Telegram required', () => {
  it('refuses without a PIN or with an unverified one, and makes nothing', async () => {
    world = await startChatWorld({ contacts: { telegram: { mode: 'required' } } });
    const { code } = await world.services.invites.create({ uses: 1 });
    expect(await refusal(world.services.signup.signup(code, GOOD))).toMatchObject({ code: 'contact_required', status: 422 });
    const { pin } = await world.services.contacts.createPin({ inviteCode: code, platform: 'telegram' });
    expect(await refusal(world.services.signup.signup(code, { ...GOOD, contacts: { telegram: { pin } } }))).toMatchObject({ code: 'contact_unverified', status: 422 });
    expect(await refusal(world.services.signup.signup(code, { ...GOOD, contacts: { telegram: { pin: 'ZZZZZZZZ' } } }))).toMatchObject({ code: 'contact_unverified' });
    expect(world.fake.countCalls('createUser')).toBe(0);
    expect((await world.services.invites.show(code)).uses_count).toBe(0);
  });

  it('checks invite, username and password rules before the contacts', async () => {
    world = await startChatWorld({ contacts: { telegram: { mode: 'required' } } });
    const { code } = await world.services.invites.create({ uses: 1 });
    expect((await refusal(world.services.signup.signup('unknown', GOOD))).code).toBe('invite_invalid');
    expect((await refusal(world.services.signup.signup(code, { ...GOOD, username: 'bad name!' }))).code).toBe('username_invalid');
    expect((await refusal(world.services.signup.signup(code, { ...GOOD, password: 'weak' }))).code).toBe('password_weak');
  });

  it('with a verified PIN the account is made, the Telegram id stored and linked, the PIN used up', async () => {
    world = await startChatWorld({ contacts: { telegram: { mode: 'required' } } });
    const { code } = await world.services.invites.create({ uses: 2 });
    const pin = await verifiedPin(code);
    const result = await world.services.signup.signup(code, { ...GOOD, contacts: { telegram: { pin } } });
    const row = await world.db.selectFrom('chat_identities').selectAll().where('user_id', '=', alice.userId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ platform: 'telegram', handle: '@alice', jellyfin_user_id: result.user.id });
    expect(row.linked_at).not.toBeNull();
    const me = await world.say(alice, '/me');
    expect(shown(me)).toContain('account: alice');
    expect(shown(me)).toContain('linked chats: Telegram @alice');
    // Single use: the PIN cannot carry a second sign-up.
    await expect(world.services.contacts.pinStatus({ inviteCode: code, platform: 'telegram', pin })).rejects.toMatchObject({ code: 'not_found' });
    expect((await refusal(world.services.signup.signup(code, { username: 'bob', password: 'Secret123', contacts: { telegram: { pin } } }))).code).toBe('contact_unverified');
  });

  it('two sign-ups racing with one PIN: one account, the other undone', async () => {
    world = await startChatWorld({ contacts: { telegram: { mode: 'required' } } });
    const { code } = await world.services.invites.create({ uses: 5 });
    const pin = await verifiedPin(code);
    const results = await Promise.allSettled(
      ['first', 'second'].map((username) => world.services.signup.signup(code, { username, password: 'Secret123', contacts: { telegram: { pin } } })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
    expect(failed.reason).toMatchObject({ code: 'contact_unverified' });
    const names = [...world.fake.users.values()].map((u) => u.Name).filter((n) => n !== 'admin');
    expect(names).toHaveLength(1);
    expect((await world.services.invites.show(code)).uses_count).toBe(1);
  });

  it('bot → page: the PIN the bot sent, with the handle, signs up', async () => {
    world = await startChatWorld({ contacts: { telegram: { mode: 'required' } } });
    const { code } = await world.services.invites.create({ uses: 1 });
    await world.say(alice, '/start');
    await world.services.contacts.sendPinDm({ inviteCode: code, platform: 'telegram', handle: '@alice' });
    const pin = /PIN is ([A-Z0-9]{8})/.exec(world.delivery.lastTo(alice.userId)!.text)![1];
    expect((await refusal(world.services.signup.signup(code, { ...GOOD, contacts: { telegram: { pin, handle: '@someone_else' } } }))).code).toBe('contact_unverified');
    const result = await world.services.signup.signup(code, { ...GOOD, contacts: { telegram: { pin, handle: 'Alice' } } });
    expect((await world.caller(alice)).account).toEqual({ jellyfinUserId: result.user.id, username: 'alice' });
  });
});

describe('contact_taken with unique', () => {
  it('a Telegram account linked to one account cannot verify or sign up another', async () => {
    world = await startChatWorld({ contacts: { telegram: { mode: 'optional', unique: true } } });
    const { code } = await world.services.invites.create({ uses: 3 });
    const pin = await verifiedPin(code);
    // Meanwhile an admin links the same Telegram account to an existing user.
    world.fake.addUser('older');
    await world.services.contacts.linkAccount({ user: 'older', platform: 'telegram', who: alice.userId });
    expect(await refusal(world.services.signup.signup(code, { ...GOOD, contacts: { telegram: { pin } } }))).toMatchObject({ code: 'contact_taken', status: 409 });
    const { pin: second } = await world.services.contacts.createPin({ inviteCode: code, platform: 'telegram' });
    const reply = await world.say(alice, `/link ${second}`);
    expect(errorCode(reply)).toBe('contact_taken');
    expect(reply.text).toContain('older');
    expect(world.fake.countCalls('createUser')).toBe(0);
  });

  it('without unique a contact may move to a new account; optional mode signs up without one', async () => {
    world = await startChatWorld({ contacts: { telegram: { mode: 'optional', unique: false } } });
    const { code } = await world.services.invites.create({ uses: 3 });
    world.fake.addUser('older');
    await world.services.contacts.linkAccount({ user: 'older', platform: 'telegram', who: alice.userId });
    const pin = await verifiedPin(code);
    const result = await world.services.signup.signup(code, { ...GOOD, contacts: { telegram: { pin } } });
    expect((await world.caller(alice)).account?.jellyfinUserId).toBe(result.user.id);
    await world.services.signup.signup(code, { username: 'carol', password: 'Secret123' });
  });
});
