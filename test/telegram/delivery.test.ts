import { Bot } from 'grammy';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startTelegram, type TelegramAdapter } from '../../adapters/telegram/index.ts';
import { TelegramDelivery } from '../../adapters/telegram/delivery.ts';
import { MESSAGE_LIMIT } from '../../adapters/telegram/render.ts';
import { TelegramSender } from '../../adapters/telegram/send.ts';
import { ChatDeliveries, ChatDeliveryError } from '../../src/chat/delivery.ts';
import type { ChatRuntime } from '../../src/chat/types.ts';
import { silentLogger } from '../../src/log.ts';
import { TelegramStandin } from '../fakes/telegram/index.ts';
import { ADMIN, ALICE, BOB, GROUP_ID, startTelegramWorld, type TelegramWorld } from './support.ts';

/** Direct sends (ChatDelivery), long answers, edits, and secrets asked for in a group. */

let world: TelegramWorld | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await world?.close();
  world = undefined;
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('ChatDelivery for Telegram', () => {
  it('is registered with the bot’s handle; invite send DMs the link to a user who wrote to the bot', async () => {
    world = await startTelegramWorld();
    expect(world.app.deliveries.get('telegram')).toBe(world.adapter.delivery);
    expect(world.adapter.delivery.botHandle).toBe('doorman_test_bot');
    await world.say(ALICE, '/start');
    const dm = world.telegram.nextSent(ALICE.id);
    const answer = await world.say(ADMIN, '/invite send @alice uses:1');
    expect(answer.text).toContain('Invite sent to @alice on Telegram');
    // The catalogue's `invite` message, with the bare link kept as a field to copy.
    const sent = (await dm).text;
    expect(sent).toContain("You've been invited to a Jellyfin server");
    expect(sent).toMatch(/http:\/\/doorman\.test\/invite\//);
  });

  it('invite send writes in the recipient\'s language', async () => {
    world = await startTelegramWorld();
    await world.say(ALICE, '/lang de');
    const dm = world.telegram.nextSent(ALICE.id);
    await world.say(ADMIN, '/invite send @alice');
    expect((await dm).text).toContain('eingeladen');
  });

  it('refusals are `closed` (blocked, never started) and outages `unavailable`; invite send reports dm_closed', async () => {
    world = await startTelegramWorld();
    const { delivery } = world.adapter;
    await world.say(BOB, '/start');
    world.telegram.blockBot(BOB.id);
    await expect(delivery.sendDirect(String(BOB.id), { text: 'hi' })).rejects.toMatchObject({ platform: 'telegram', failure: 'closed' });
    await expect(delivery.sendDirect('424242', { text: 'hi' })).rejects.toMatchObject({ failure: 'closed', message: 'Bad Request: chat not found' });
    await world.say(ALICE, '/start');
    world.telegram.failNext('sendMessage', 502, 'Bad Gateway');
    await expect(delivery.sendDirect(String(ALICE.id), { text: 'hi' })).rejects.toMatchObject({ failure: 'unavailable' });
    const unreachable = new TelegramDelivery(new TelegramSender(new Bot('1:x', { client: { apiRoot: 'http://127.0.0.1:9' } }).api), 'x');
    const error = await unreachable.sendDirect('1', { text: 'hi' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ChatDeliveryError);
    expect(error).toMatchObject({ failure: 'unavailable' });

    const refused = await world.say(ADMIN, '/invite send @bob');
    expect(refused.text).toMatch(/blocked|cannot|can't|start/i);
    expect(await world.app.db.selectFrom('invites').select('revoked_at').execute()).toEqual([{ revoked_at: expect.any(String) }]);
  });
});

describe('long answers', () => {
  it('are split into messages of at most 4,096 characters, and very long ones arrive as a file', async () => {
    world = await startTelegramWorld();
    for (let i = 0; i < 40; i++) await world.app.services.invites.create({ label: `friend ${i} ${'&'.repeat(10)}` });
    const split = await world.sayAll(ADMIN, '/invite list');
    expect(split.length).toBeGreaterThan(1);
    for (const message of split) expect(message.raw.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
    expect(split.map((message) => message.text).join('\n').match(/friend \d+/g)).toHaveLength(40);

    for (let i = 40; i < 200; i++) await world.app.services.invites.create({ label: `friend ${i} ${'&'.repeat(10)}` });
    const [file] = await world.sayAll(ADMIN, '/invite list');
    expect(file.method).toBe('sendDocument');
    expect(file.document?.fileName).toBe('doorman-reply.txt');
    expect(file.document?.content.toString().match(/friend \d+/g)).toHaveLength(200);
  });
});

describe('edits', () => {
  it('an edit that changes nothing is not sent; Telegram’s "not modified" is taken as done', async () => {
    const telegram = await TelegramStandin.start();
    cleanups.push(() => telegram.close());
    telegram.userSends(ALICE, '/start');
    const api = new Bot(telegram.token, { client: { apiRoot: telegram.apiRoot } }).api;
    const sender = new TelegramSender(api);
    const [message] = await sender.send({ chatId: ALICE.id }, { messages: ['<b>Working</b>'] });
    const edits = () => telegram.requests.filter((request) => request.method === 'editMessageText').length;
    await sender.editText(ALICE.id, message.message_id, '<b>Working</b>');
    expect(edits()).toBe(0);
    await sender.editText(ALICE.id, message.message_id, '<b>Done</b>');
    await sender.editText(ALICE.id, message.message_id, '<b>Done</b>');
    expect(edits()).toBe(1);
    await new TelegramSender(api).editText(ALICE.id, message.message_id, '<b>Done</b>');
    expect(telegram.requests.at(-1)?.error?.description).toMatch(/message is not modified/);
    expect(telegram.message(ALICE.id, message.message_id)?.text).toBe('Done');
  });
});

describe('secrets asked for in a group', () => {
  /** A runtime whose one command answers with a secret (real commands with secrets are DM-only already). */
  const secretRuntime: ChatRuntime = {
    identify: async (identity) => ({ surface: 'telegram', id: identity.userId, name: identity.handle ?? identity.userId, isAdmin: false, platform: 'telegram', inDm: identity.inDm }),
    run: async () => ({ text: 'Your key: `k-123`', secret: true }),
    refusal: () => ({ text: 'refused' }),
    commandsFor: () => [{ command: 'key', description: 'Your key' }],
  };

  async function secretBot(): Promise<{ telegram: TelegramStandin; adapter: TelegramAdapter }> {
    const telegram = await TelegramStandin.start();
    cleanups.push(() => telegram.close());
    const adapter = await startTelegram({
      config: { token: telegram.token, api_root: telegram.apiRoot, rate_per_second: 1000 }, runtime: secretRuntime, deliveries: new ChatDeliveries(), log: silentLogger(), adminIds: [],
    });
    cleanups.push(() => adapter.stop());
    return { telegram, adapter };
  }

  it('go to the asker privately, and the group is told so; never into the group', async () => {
    const { telegram } = await secretBot();
    telegram.userSends(ALICE, '/start');
    await telegram.waitForParkedPoll();
    const dm = telegram.nextSent(ALICE.id);
    const note = telegram.nextSent(GROUP_ID);
    telegram.userSends(ALICE, '/key', { chatId: GROUP_ID });
    expect((await dm).raw).toBe('Your key: <code>k-123</code>');
    expect((await note).text).toBe('That answer is private, so I sent it to you in a private chat.');

    const bobNote = telegram.nextSent(GROUP_ID);
    telegram.userSends(BOB, '/key', { chatId: GROUP_ID });
    expect((await bobNote).text).toBe('That answer is private, and I cannot message you yet: send /start to @doorman_test_bot first, then ask again.');
    await telegram.waitForParkedPoll();
    expect(telegram.sent(GROUP_ID).map((message) => message.text).join('\n')).not.toContain('k-123');
    expect(telegram.sent(BOB.id)).toEqual([]);
  });
});

describe('logs', () => {
  it('a failed send is logged without what was sent (a sign-in link, a PIN)', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
    world = await startTelegramWorld({ log });
    world.telegram.failNext('sendMessage', 400, 'Bad Request: something unexpected');
    const apology = await world.say(BOB, '/link');
    expect(apology.text).toMatch(/Something went wrong.*reference: ([0-9a-f]{8})/);
    const reference = /reference: ([0-9a-f]{8})/.exec(apology.text)![1];
    const failed = world.telegram.requests.find((request) => request.error?.description === 'Bad Request: something unexpected');
    const link = /http:\/\/doorman\.test\/link\/\S+/.exec(String(failed?.params.text))?.[0];
    expect(link).toBeDefined();
    const logged = lines.join('\n');
    expect(logged).toContain(reference);
    expect(logged).toContain('Telegram refused sendMessage: 400 Bad Request: something unexpected');
    expect(logged).not.toContain(link!);
  });
});
