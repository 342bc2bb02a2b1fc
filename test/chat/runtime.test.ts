import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { registry } from '../../commands/index.ts';
import { defineCommand } from '../../commands/types.ts';
import { ADMIN_CHECK_TTL_MS } from '../../src/core/chat-runtime.ts';
import { ADMIN_ID, errorCode, shown, startChatWorld, type ChatWorld } from './support.ts';

let world: ChatWorld;
beforeEach(async () => {
  world = await startChatWorld();
});
afterEach(async () => world.close());

const stranger = { userId: '2000', handle: '@stranger' };
const admin = { userId: ADMIN_ID, handle: '@boss' };

async function linkedMember(name = 'member', userId = '3000') {
  const user = world.fake.addUser(name);
  await world.services.contacts.linkAccount({ user: name, platform: 'telegram', who: userId });
  return { user, who: { userId, handle: `@${name}` } };
}

describe('identify', () => {
  it('records the sender and says who they are: configured admin, stranger, linked account', async () => {
    const boss = await world.caller(admin);
    expect(boss).toMatchObject({ surface: 'telegram', platform: 'telegram', id: ADMIN_ID, name: '@boss', isAdmin: true, inDm: true });
    expect(await world.caller({ ...stranger, inDm: false })).toMatchObject({ isAdmin: false, inDm: false, account: undefined });
    const { user, who } = await linkedMember();
    expect((await world.caller(who)).account).toEqual({ jellyfinUserId: user.Id, username: 'member' });
    const row = await world.db.selectFrom('chat_identities').selectAll().where('user_id', '=', stranger.userId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ handle: '@stranger', handle_key: 'stranger', notify: 1, jellyfin_user_id: null });
  });

  it('a linked Jellyfin administrator is an admin, asked of Jellyfin at most once a minute', async () => {
    const { user, who } = await linkedMember('chief', '3100');
    user.Policy = { ...user.Policy, IsAdministrator: true };
    expect((await world.caller(who)).isAdmin).toBe(true);
    user.Policy = { ...user.Policy, IsAdministrator: false };
    expect((await world.caller(who)).isAdmin).toBe(true);
    expect(world.fake.countCalls('getUser')).toBe(1);
    world.clock.advance(ADMIN_CHECK_TTL_MS + 1);
    expect((await world.caller(who)).isAdmin).toBe(false);
    world.fake.down = true;
    world.clock.advance(ADMIN_CHECK_TTL_MS + 1);
    expect((await world.caller(who)).isAdmin).toBe(false);
  });
});

describe('guards', () => {
  it('refuses every admin command to a non-admin, with the same words, and changes nothing', async () => {
    for (const command of registry.filter((c) => c.access === 'admin')) {
      const reply = await world.say(stranger, `/${command.name} label:x name:y uses:1`);
      expect(reply.text).toBe(`Only admins may run ${command.name}.`);
      expect(errorCode(reply)).toBe('not_admin');
    }
    expect(await world.db.selectFrom('invites').selectAll().execute()).toEqual([]);
    expect(await world.db.selectFrom('api_keys').selectAll().execute()).toEqual([]);
    expect(await world.db.selectFrom('profiles').selectAll().execute()).toEqual([]);
    expect(world.delivery.sent).toEqual([]);
  });

  it('linked-only commands need a linked account', async () => {
    for (const text of ['/me', '/unlink', '/notify off']) {
      const reply = await world.say(stranger, text);
      expect(errorCode(reply)).toBe('not_linked');
      expect(reply.text).toContain('Send link to link yours');
    }
  });

  it('DM-only commands are refused in a group, before anything happens', async () => {
    const keyInGroup = await world.say({ ...admin, inDm: false }, '/apikey create name:script');
    expect(errorCode(keyInGroup)).toBe('dm_only');
    expect(keyInGroup.text).toBe('apikey create shows private details, so it only works in a private chat with me. Send it to me directly.');
    expect(await world.db.selectFrom('api_keys').selectAll().execute()).toEqual([]);
    const { who } = await linkedMember();
    expect(errorCode(await world.say({ ...who, inDm: false }, '/me'))).toBe('dm_only');
    expect(errorCode(await world.say({ ...stranger, inDm: false }, '/link'))).toBe('dm_only');
    const keyInDm = await world.say(admin, '/apikey create name:script');
    expect(keyInDm.secret).toBe(true);
    expect(keyInDm.text).toContain('dm_');
  });
});

describe('help and the menu', () => {
  it('help lists only what the caller may run', async () => {
    const names = (reply: { table?: { rows: string[][] } }) => reply.table!.rows.map((r) => r[0]);
    expect(names(await world.say(stranger, '/help'))).toEqual(['start', 'link', 'lang', 'help']);
    const { who } = await linkedMember();
    expect(names(await world.say(who, '/help'))).toEqual(['start', 'link', 'unlink', 'me', 'lang', 'notify', 'help']);
    const forAdmin = names(await world.say(admin, '/help'));
    expect(forAdmin).toContain('invite send');
    expect(forAdmin).toContain('user link');
    expect(errorCode(await world.say(stranger, '/help invite create'))).toBe('not_admin');
    expect((await world.say({ ...stranger, inDm: false }, '/help link')).text).toContain('Usage: link [<pin>]');
    expect((await world.say(admin, '/help user link')).text).toContain('Usage: user link <user> <platform> <id>');
  });

  it('commandsFor gives Telegram-shaped top-level words, without admin words for users', () => {
    const users = world.chat.commandsFor({ admin: false });
    const admins = world.chat.commandsFor({ admin: true });
    expect(users.map((e) => e.command)).toEqual(['start', 'link', 'unlink', 'me', 'lang', 'notify', 'help']);
    expect(admins.map((e) => e.command)).toEqual(['start', 'link', 'unlink', 'me', 'lang', 'notify', 'invite', 'profile', 'user', 'apikey', 'announce', 'outbox', 'message', 'help']);
    for (const entry of admins) {
      expect(entry.command).toMatch(/^[a-z0-9_]{1,32}$/);
      expect(entry.description.length).toBeGreaterThanOrEqual(3);
      expect(entry.description.length).toBeLessThanOrEqual(256);
    }
    expect(admins.find((e) => e.command === 'invite')!.description).toBe('Invite: create, send, list, show, revoke');
  });
});

describe('malformed commands get a usage answer', () => {
  it('unknown option, bad duration, missing value, unknown command, long payload', async () => {
    const unknown = await world.say(admin, '/invite create usess:3');
    expect(unknown.text).toContain('no option "usess"');
    expect(unknown.text).toContain('Usage: invite create');
    const duration = await world.say(admin, '/invite create valid:7x');
    expect(duration.text).toMatch(/^valid: expected a duration/);
    expect(duration.text).toContain('Usage: invite create');
    expect((await world.say(admin, '/invite create uses:')).text).toContain('has no value');
    expect((await world.say(admin, '/user link alice')).text).toContain('Usage: user link <user> <platform> <id>');
    expect((await world.say(admin, '/frobnicate')).text).toContain('There is no command "frobnicate"');
    const long = await world.say(admin, `/invite create label:${'x'.repeat(4000)}`);
    expect(errorCode(long)).toBe('usage');
    expect(long.text).toContain('too long');
    expect(await world.db.selectFrom('invites').selectAll().execute()).toEqual([]);
    // The runtime is still fine afterwards.
    expect(shown(await world.say(admin, '/invite create uses:2 valid:1d'))).toContain('/invite/');
  });

  it('a crash becomes an apology with a reference; a command for another bot gets no answer', async () => {
    const boom = defineCommand({ name: 'boom', description: 'Always fails unexpectedly.', options: z.object({}), access: 'anyone', run: async () => { throw new Error('kaput'); } });
    const local = await startChatWorld({ registry: [boom] });
    try {
      const reply = await local.say(stranger, '/boom');
      expect(reply.text).toMatch(/^Something went wrong on our side\. .*reference: [0-9a-f]{8}\.$/);
      expect(reply.text).not.toContain('kaput');
      expect((await local.say({ ...stranger, inDm: false }, '/boom@OtherBot')).text).toBe('');
      expect(local.chat.refusal(new Error('x')).text).toContain('reference');
    } finally {
      await local.close();
    }
  });

  it('a secret reply never reaches a group, even from a command not marked dmOnly', async () => {
    const leaky = defineCommand({ name: 'leaky', description: 'Returns a secret by mistake.', options: z.object({}), access: 'anyone', run: async () => ({ text: 'the secret', secret: true }) });
    const local = await startChatWorld({ registry: [leaky] });
    try {
      expect(errorCode(await local.say({ ...stranger, inDm: false }, '/leaky'))).toBe('dm_only');
      expect((await local.say(stranger, '/leaky')).text).toBe('the secret');
    } finally {
      await local.close();
    }
  });
});
