import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../commands/dispatch.ts';
import { registry } from '../../commands/index.ts';
import { parseTokens, tokenize } from '../../commands/parse.ts';
import type { Reply } from '../../commands/reply.ts';
import { ADMIN, ALICE, startTelegramWorld, type TelegramWorld } from '../telegram/support.ts';

/**
 * Issue 6, acceptance: "A channel that keeps failing is dead-lettered, visible in `outbox status`,
 * and the admins are told." End to end on Telegram with outbox.max_attempts 1: the Bot API answers
 * the announcement to Alice with a 502, the app's outbox gives up on it, `outbox status` (asked on
 * Telegram) lists it as dead, and the admin gets admin_delivery_failed from the stand-in.
 */

let world: TelegramWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** Alice signs up with her Telegram linked (the page's PIN flow); resolves once her welcome arrived. */
async function aliceSignsUpLinked(w: TelegramWorld): Promise<void> {
  const { invites, contacts, signup } = w.app.services;
  const code = (await invites.create({ uses: 5 })).code;
  const { pin } = await contacts.createPin({ inviteCode: code, platform: 'telegram' });
  const welcome = w.telegram.waitForSent((message) => message.chatId === ALICE.id && message.text.startsWith('Welcome aboard'));
  const toAdmin = w.telegram.waitForSent((message) => message.chatId === ADMIN.id && message.text.startsWith('A new account was created'));
  await w.say(ALICE, `/link ${pin}`);
  await signup.signup(code, { username: 'alice', password: 'Secret-pass1', contacts: { telegram: { pin } } });
  await Promise.all([welcome, toAdmin]);
}

/** An admin command through the app's services, with no chat reply of its own (so no sendMessage). */
function runAsAdmin(w: TelegramWorld, line: string): Promise<Reply> {
  return dispatch(registry, { caller: { surface: 'cli', id: 'local', name: 'tester', isAdmin: true }, services: w.app.services }, parseTokens(tokenize(line)));
}

describe('a Telegram chat that keeps failing', () => {
  it('is dead-lettered after max_attempts, shows in outbox status, and the admin is told', async () => {
    const w = (world = await startTelegramWorld({ config: { outbox: { max_attempts: 1 } } }));
    await w.say(ADMIN, '/start');
    await aliceSignsUpLinked(w);

    const told = w.telegram.waitForSent((message) => message.chatId === ADMIN.id && message.text.startsWith('A message could not be delivered'), 5000);
    w.telegram.failNext('sendMessage', 502, 'Bad Gateway');
    const queued = await runAsAdmin(w, 'announce alice message:"Movie night on Friday" confirm:yes');
    expect(queued.text).toContain('Announcement queued: 1 message to 1 person');

    const notice = await told;
    expect(notice.text).toContain('A message could not be delivered to alice.');
    expect(notice.text).toContain('message: announcement');
    expect(notice.text).toContain('channel: telegram');
    expect(notice.text).toContain('attempts: 1');
    expect(notice.text).toMatch(/last error: .*(502|Bad Gateway)/);
    const refused = w.telegram.requests.filter((request) => request.method === 'sendMessage' && request.params.chat_id === ALICE.id);
    expect(refused.at(-1)?.status).toBe(502);
    expect(w.telegram.sent(ALICE.id).some((message) => message.text.includes('Movie night'))).toBe(false);

    const status = await w.say(ADMIN, '/outbox status');
    expect(status.text).toContain('Outbox: 0 pending, 0 failed, 1 dead.');
    expect(status.text).toMatch(/telegram\s+2001\s+announcement\s+dead\s+1\b/);
  });
});
