import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, ALICE, BOB, GROUP_ID, inviteCode, settle, startTelegramWorld, words, type TelegramWorld } from './support.ts';

/** Doorman's commands through the real grammY against the Telegram stand-in (long polling). */

let world: TelegramWorld;
afterEach(async () => world?.close());

const ADMIN_WORDS = ['invite', 'profile', 'user', 'apikey'];

describe('menus and help', () => {
  it('sets the everyone menu at start and the admin menu in an admin’s chat once they write', async () => {
    world = await startTelegramWorld();
    const everyone = words(world.telegram.commands());
    expect(everyone).toEqual(expect.arrayContaining(['start', 'help', 'link', 'me']));
    expect(everyone.filter((word) => ADMIN_WORDS.includes(word))).toEqual([]);
    // The admin never wrote before start: Telegram said "chat not found", and that did not stop the bot.
    expect(world.telegram.commands({ type: 'chat', chat_id: ADMIN.id })).toEqual([]);
    await world.sayAll(ADMIN, '/start');
    expect(words(world.telegram.commands({ type: 'chat', chat_id: ADMIN.id }))).toEqual(expect.arrayContaining(ADMIN_WORDS));
    // Someone else's chat keeps the default list.
    await world.sayAll(ALICE, '/start');
    expect(world.telegram.commands({ type: 'chat', chat_id: ALICE.id })).toEqual([]);
  });

  it('a failing setMyCommands is tolerated: the answer still arrives and the menu is set on a later message', async () => {
    world = await startTelegramWorld();
    world.telegram.failNext('setMyCommands', 500, 'Internal Server Error');
    expect((await world.say(ADMIN, '/start')).text).toContain('You are an admin here');
    expect(world.telegram.commands({ type: 'chat', chat_id: ADMIN.id })).toEqual([]);
    await world.sayAll(ADMIN, '/help');
    expect(words(world.telegram.commands({ type: 'chat', chat_id: ADMIN.id }))).toEqual(expect.arrayContaining(ADMIN_WORDS));
  });

  it('/help lists no admin command for a user and lists them for an admin', async () => {
    world = await startTelegramWorld();
    const forAlice = (await world.say(ALICE, '/help')).text;
    expect(forAlice).toContain('me');
    const rows = forAlice.split('\n').map((line) => line.split(' ')[0]);
    expect(rows).toEqual(expect.arrayContaining(['start', 'link', 'help']));
    expect(rows.filter((word) => ADMIN_WORDS.includes(word))).toEqual([]);
    const forAdmin = (await world.say(ADMIN, '/help')).text.split('\n').map((line) => line.split('  ')[0].trim());
    expect(forAdmin).toEqual(expect.arrayContaining(['invite create', 'invite revoke', 'user list', 'user link', 'profile delete', 'apikey create']));
  });
});

describe('admin commands', () => {
  it('an admin’s /invite create uses:2 valid:1d gets a link that signs up two users and then refuses', async () => {
    world = await startTelegramWorld();
    const reply = await world.say(ADMIN, '/invite create uses:2 valid:1d');
    expect(reply.text).toContain('http://doorman.test/invite/');
    const code = inviteCode(reply);
    const signup = world.app.services.signup;
    await expect(signup.signup(code, { username: 'first', password: 'Secret-pass1' })).resolves.toMatchObject({ user: { name: 'first' } });
    await expect(signup.signup(code, { username: 'second', password: 'Secret-pass2' })).resolves.toMatchObject({ user: { name: 'second' } });
    await expect(signup.signup(code, { username: 'third', password: 'Secret-pass3' })).rejects.toMatchObject({ code: 'invite_invalid' });
    expect(world.jellyfin.userNames()).toEqual(expect.arrayContaining(['first', 'second']));
    expect(world.jellyfin.userNames()).not.toContain('third');
  });

  it('a non-admin running each admin command is refused, and nothing changes', async () => {
    world = await startTelegramWorld();
    const adminCommands = world.app.registry.filter((command) => command.access === 'admin').map((command) => command.name);
    expect(adminCommands.length).toBeGreaterThan(10);
    const usersBefore = world.jellyfin.userNames();
    world.jellyfin.clearRequests();
    for (const name of adminCommands) {
      const args = name === 'user link' ? ' alice telegram @alice' : name === 'invite send' ? ' @alice' : ' x';
      const reply = await world.say(ALICE, `/${name}${args}`);
      expect(reply.text, name).toBe(`Only admins may run ${name}.`);
    }
    expect(await world.app.db.selectFrom('invites').select('code').execute()).toEqual([]);
    expect(await world.app.db.selectFrom('profiles').select('name').execute()).toEqual([]);
    expect(await world.app.db.selectFrom('api_keys').select('id').execute()).toEqual([]);
    expect(world.jellyfin.requests.filter((request) => request.method !== 'GET')).toEqual([]);
    expect(world.jellyfin.userNames()).toEqual(usersBefore);
    expect(world.telegram.sent().filter((message) => message.chatId !== ALICE.id)).toEqual([]);
  });

  it('a user-supplied string with <b>& reaches Telegram escaped', async () => {
    world = await startTelegramWorld();
    const reply = await world.say(ADMIN, '/invite create label:"<b>& co"');
    expect(reply.raw).toContain('<b>label</b>: &lt;b&gt;&amp; co');
    expect(reply.text).toContain('label: <b>& co');
    expect(reply.entities.filter((entity) => entity.type === 'bold').length).toBeGreaterThan(3);
    const shown = await world.say(ADMIN, `/invite show ${inviteCode(reply)}`);
    expect(shown.text).toContain('label: <b>& co');
  });

  it('a 429 from Telegram is waited out and the reply still arrives', async () => {
    world = await startTelegramWorld();
    world.telegram.rateLimitNext('sendMessage', 1);
    const reply = await world.say(ALICE, '/start');
    expect(reply.text).toContain("I'm Doorman");
    const sends = world.telegram.requests.filter((request) => request.method === 'sendMessage');
    expect(sends.map((request) => request.status)).toEqual([429, 200]);
    expect(sends[0].error?.parameters).toEqual({ retry_after: 1 });
  }, 10_000);
});

describe('malformed commands', () => {
  it('each get a usage answer, and the bot keeps running', async () => {
    world = await startTelegramWorld();
    const cases: [string, RegExp][] = [
      ['/invite create colour:blue', /has no option "colour".*Usage: invite create/],
      ['/invite create valid:soon', /valid: expected .*Usage: invite create/],
      ['/invite create uses:', /The option uses has no value: write uses:VALUE/],
      ['/invite show', /code: is required.*Usage: invite show/],
      [`/invite create label:${'x'.repeat(4000)}`, /too long for a command/],
      ['/frobnicate', /no command "frobnicate"/],
    ];
    for (const [text, answer] of cases) {
      const reply = await world.say(ADMIN, text);
      expect(reply.text, text).toMatch(answer);
    }
    expect(world.adapter.bot.isRunning()).toBe(true);
    expect((await world.say(ADMIN, '/invite list')).text).toContain('No invites');
  });

  it('one bad update never stops the bot: a failed send is logged with a reference and the user gets the apology', async () => {
    world = await startTelegramWorld();
    world.telegram.failNext('sendMessage', 400, 'Bad Request: something unexpected');
    const reply = world.telegram.nextSent(ALICE.id);
    world.telegram.userSends(ALICE, '/start');
    expect((await reply).text).toMatch(/Something went wrong on our side.*reference: [0-9a-f]{8}/);
    expect((await world.say(ALICE, '/help')).text).toContain('me');
    expect(world.adapter.bot.isRunning()).toBe(true);
  });
});

describe('groups', () => {
  it('only commands addressed to the bot get an answer; private commands are refused there', async () => {
    world = await startTelegramWorld();
    const inGroup = { chatId: GROUP_ID };
    expect(await world.sayAll(ALICE, 'hello everyone, /help me', inGroup)).toEqual([]);
    expect(await world.sayAll(ALICE, '/help@some_other_bot', inGroup)).toEqual([]);
    expect(await world.sayAll(ALICE, 'ABCD2345', inGroup)).toEqual([]);
    const help = await world.say(ALICE, '/help@doorman_test_bot', inGroup);
    expect(help.text).toContain('me');
    // In a group the answer replies to the command, so the asker sees it is theirs.
    const send = world.telegram.requests.find((request) => request.method === 'sendMessage' && request.params.chat_id === GROUP_ID);
    expect(send?.params.reply_parameters).toMatchObject({ message_id: expect.any(Number) });
    const me = await world.say(BOB, '/link', inGroup);
    expect(me.text).toContain('only works in a private chat');
    await settle(world);
    expect(world.telegram.sent(BOB.id)).toEqual([]);
  });
});
