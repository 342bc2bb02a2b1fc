import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../commands/dispatch.ts';
import { registry } from '../../commands/index.ts';
import { parseTokens, tokenize } from '../../commands/parse.ts';
import type { Caller } from '../../commands/types.ts';
import { ADMIN_ID, errorCode, shown, startChatWorld, type ChatWorld } from './support.ts';

let world: ChatWorld;
beforeEach(async () => {
  world = await startChatWorld();
});
afterEach(async () => world.close());

const admin = { userId: ADMIN_ID, handle: '@boss' };
const alice = { userId: '5001', handle: '@alice' };
const cli: Caller = { surface: 'cli', id: 'local', name: 'tester', isAdmin: true };

function onCli(line: string) {
  return dispatch(registry, { caller: cli, services: world.services }, parseTokens(tokenize(line)));
}

describe('user link', () => {
  it('binds a chat id or a known handle to a Jellyfin user, from chat or the CLI', async () => {
    const user = world.fake.addUser('alice');
    const byId = await world.say(admin, `/user link alice telegram ${alice.userId}`);
    expect(byId.text).toBe(`Telegram account ${alice.userId} is now linked to alice.`);
    expect((await world.caller(alice)).account).toEqual({ jellyfinUserId: user.Id, username: 'alice' });
    // The handle is learnt from the first message; relinking by handle works from the CLI too.
    world.fake.addUser('bob');
    await world.say({ userId: '5002', handle: '@Bob' }, '/start');
    expect((await onCli('user link bob telegram @bob')).text).toBe('Telegram account @Bob (5002) is now linked to bob.');
  });

  it('refuses unknown handles and users, and a second account with unique', async () => {
    world.fake.addUser('alice');
    world.fake.addUser('other');
    expect(errorCode(await world.say(admin, '/user link alice telegram @nobody'))).toBe('handle_unknown');
    expect(errorCode(await world.say(admin, '/user link ghost telegram 5001'))).toBe('not_found');
    expect(errorCode(await world.say(admin, '/user link alice fax 5001'))).toBe('validation');
    await world.say(admin, '/user link alice telegram 5001');
    expect(errorCode(await world.say(admin, '/user link other telegram 5001'))).toBe('contact_taken');
    expect(errorCode(await world.say(alice, '/user link other telegram 5001'))).toBe('not_admin');
  });
});

describe('invite create from chat', () => {
  it("an admin's /invite create uses:2 valid:1d gives a link that signs up two people and then refuses", async () => {
    const reply = await world.say(admin, '/invite create uses:2 valid:1d');
    const { invite } = reply.data as { invite: { code: string; link: string } };
    expect(reply.text).toContain(`https://doorman.example/invite/${invite.code}`);
    await world.services.signup.signup(invite.code, { username: 'one', password: 'Secret123' });
    await world.services.signup.signup(invite.code, { username: 'two', password: 'Secret123' });
    await expect(world.services.signup.signup(invite.code, { username: 'three', password: 'Secret123' })).rejects.toMatchObject({ code: 'invite_invalid' });
    expect(shown(await world.say(admin, `/invite show ${invite.code}`))).toContain('uses: 2 of 2 used');
  });
});

describe('invite send', () => {
  it('creates an invite and DMs its link to a known chat user', async () => {
    await world.say(alice, '/start');
    const reply = await world.say(admin, '/invite send @alice uses:2 valid:2d');
    const { invite } = reply.data as { invite: { code: string; link: string; uses_total: number; label: string } };
    expect(invite).toMatchObject({ uses_total: 2, label: 'sent to @alice' });
    expect(reply.text).toContain(invite.link);
    expect(world.delivery.sent).toHaveLength(1);
    expect(world.delivery.lastTo(alice.userId)!.text).toContain(invite.link);
  });

  it('handle_unknown for a stranger; dm_closed revokes the invite it made', async () => {
    expect(errorCode(await world.say(admin, '/invite send @nobody'))).toBe('handle_unknown');
    expect((await world.services.invites.list()).filter((i) => i.status === 'active')).toEqual([]);
    await world.say(alice, '/start');
    world.delivery.failWith = world.delivery.blocked();
    const closed = await world.say(admin, '/invite send @alice');
    expect(errorCode(closed)).toBe('dm_closed');
    expect(closed.text).toContain('@DoormanBot');
    expect((await world.services.invites.list()).map((i) => i.status)).toEqual(['revoked', 'revoked']);
  });
});

describe('a linked user in chat', () => {
  beforeEach(async () => {
    world.fake.addUser('alice');
    await world.services.contacts.linkAccount({ user: 'alice', platform: 'telegram', who: alice.userId });
  });

  it('me shows account, expiry, chats, language and notices; lang and notify change them', async () => {
    const me = shown(await world.say(alice, '/me'));
    expect(me).toContain('account: alice');
    expect(me).toContain('expires: never');
    expect(me).toContain('language: default');
    expect(me).toContain('notices here: yes');
    expect((await world.say(alice, '/lang pt-BR')).text).toBe('Language set to pt-BR.');
    expect(errorCode(await world.say(alice, '/lang klingon!'))).toBe('validation');
    expect((await world.say(alice, '/notify off')).text).toContain('No more notices');
    expect(errorCode(await world.say(alice, '/notify maybe'))).toBe('validation');
    const after = shown(await world.say(alice, '/me'));
    expect(after).toContain('language: pt-BR');
    expect(after).toContain('notices here: no');
    expect(after).toContain('Telegram @alice (notices off)');
  });

  it('unlink removes the link; start and link say what to do next', async () => {
    expect((await world.say(alice, '/start')).text).toContain('Hello alice');
    expect((await world.say(alice, '/link')).text).toContain('already linked to alice');
    expect((await world.say(alice, '/unlink')).text).toContain('no longer linked to alice');
    expect((await world.caller(alice)).account).toBeUndefined();
    expect((await world.say(alice, '/start')).text).toContain('Send link');
  });

  it('chat-only commands explain themselves on the CLI', async () => {
    expect(await onCli('lang de').catch((e: { code: string }) => e.code)).toBe('usage');
    expect(await onCli('me').catch((e: { code: string }) => e.code)).toBe('not_linked');
  });
});

describe('link for an existing account', () => {
  it('offers a one-time sign-in link; signing in with the Jellyfin password binds the chat', async () => {
    const user = world.fake.addUser('dave');
    world.passwords.set('dave', 'Secret123');
    const dave = { userId: '7001', handle: '@dave' };
    const reply = await world.say(dave, '/link');
    expect(reply.secret).toBe(true);
    const url = (reply.data as { url: string }).url;
    expect(url).toMatch(/^https:\/\/doorman\.example\/link\/[A-Za-z0-9_-]{32}$/);
    const token = url.split('/').pop()!;
    expect(await world.services.contacts.accountLinkTokenStatus(token)).toMatchObject({ platform: 'telegram', handle: '@dave' });
    await expect(world.services.contacts.redeemAccountLinkToken({ token, username: 'dave', password: 'wrong' })).rejects.toMatchObject({ code: 'unauthorized' });
    expect(await world.services.contacts.redeemAccountLinkToken({ token, username: 'DAVE', password: 'Secret123' })).toEqual({ username: 'dave', platform: 'telegram' });
    expect((await world.caller(dave)).account).toEqual({ jellyfinUserId: user.Id, username: 'dave' });
    await expect(world.services.contacts.redeemAccountLinkToken({ token, username: 'dave', password: 'Secret123' })).rejects.toMatchObject({ code: 'not_found' });
    const rows = await world.db.selectFrom('account_link_tokens').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('the link expires after 15 minutes', async () => {
    world.fake.addUser('erin');
    world.passwords.set('erin', 'Secret123');
    const url = ((await world.say({ userId: '7002' }, '/link')).data as { url: string }).url;
    world.clock.advance(15 * 60_000 + 1);
    await expect(world.services.contacts.redeemAccountLinkToken({ token: url.split('/').pop()!, username: 'erin', password: 'Secret123' })).rejects.toMatchObject({ code: 'not_found' });
  });
});
