import { afterEach, describe, expect, it } from 'vitest';
import { CONFIRM_TTL_MS } from '../../adapters/telegram/index.ts';
import type { SentMessage } from '../fakes/telegram/index.ts';
import { ADMIN, BOB, GROUP_ID, settle, startTelegramWorld, type TelegramWorld } from './support.ts';

/** Destructive commands ask first: an inline keyboard, pressed through the stand-in, handled by the real grammY. */

let world: TelegramWorld;
afterEach(async () => world?.close());

async function start(): Promise<string> {
  world = await startTelegramWorld();
  return (await world.app.services.invites.create({ uses: 1, label: 'for <Zoë & co>' })).code;
}

async function revokedAt(code: string): Promise<string | null | undefined> {
  return (await world.app.db.selectFrom('invites').select('revoked_at').where('code', '=', code).executeTakeFirst())?.revoked_at;
}

function buttonData(message: SentMessage, text: string): string {
  const button = message.buttons.find((candidate) => candidate.text === text);
  if (!button?.callbackData) throw new Error(`no ${text} button on ${JSON.stringify(message.buttons)}`);
  return button.callbackData;
}

function callbackAnswers(): Record<string, unknown>[] {
  return world.telegram.requests.filter((request) => request.method === 'answerCallbackQuery' && request.status === 200).map((request) => request.params);
}

describe('confirmations with buttons', () => {
  it('asks with Confirm / Cancel; Confirm runs the command for the same admin and replaces the question with the result', async () => {
    const code = await start();
    const question = await world.say(ADMIN, `/invite revoke ${code}`);
    expect(question.text).toBe(`This revokes invite ${code} (for <Zoë & co>, 0 of 1 used): its link stops working.\n\nPress Confirm to go ahead.`);
    expect(question.buttons.map((button) => button.text)).toEqual(['Confirm', 'Cancel']);
    for (const button of question.buttons) expect(Buffer.byteLength(button.callbackData ?? '')).toBeLessThanOrEqual(64);
    expect(question.raw).not.toContain('--yes');
    expect(await revokedAt(code)).toBeNull();

    const edited = world.telegram.waitForSent((message) => message.method === 'editMessageText' && message.messageId === question.messageId);
    world.telegram.userPresses(ADMIN, question, buttonData(question, 'Confirm'));
    expect((await edited).text).toContain(`Invite ${code} revoked: its link no longer works.`);
    expect((await edited).buttons).toEqual([]);
    await settle(world);
    expect(await revokedAt(code)).not.toBeNull();
    expect(callbackAnswers()).toHaveLength(1);
  });

  it('Cancel changes nothing; someone else’s press is refused; a used or expired question answers "expired"', async () => {
    const code = await start();
    const first = await world.say(ADMIN, `/invite revoke ${code}`);
    world.telegram.userPresses(BOB, first, buttonData(first, 'Confirm'));
    await settle(world);
    expect(callbackAnswers().at(-1)).toMatchObject({ text: expect.stringContaining('Only the person who sent this command'), show_alert: true });
    expect(world.telegram.message(ADMIN.id, first.messageId)?.reply_markup).toBeDefined();
    expect(await revokedAt(code)).toBeNull();

    world.telegram.userPresses(ADMIN, first, buttonData(first, 'Cancel'));
    await settle(world);
    expect(world.telegram.message(ADMIN.id, first.messageId)).toMatchObject({ text: 'Cancelled. Nothing was changed.' });
    expect(world.telegram.message(ADMIN.id, first.messageId)?.reply_markup).toBeUndefined();
    expect(await revokedAt(code)).toBeNull();

    const second = await world.say(ADMIN, `/invite revoke ${code}`);
    world.clock.advance(CONFIRM_TTL_MS);
    world.telegram.userPresses(ADMIN, second, buttonData(second, 'Confirm'));
    await settle(world);
    expect(callbackAnswers().at(-1)).toMatchObject({ text: expect.stringContaining('expired') });
    expect(world.telegram.message(ADMIN.id, second.messageId)?.text).toContain('Expired: send the command again.');
    expect(await revokedAt(code)).toBeNull();
    expect(callbackAnswers()).toHaveLength(3);
  });

  it('works in a group: only the admin who asked may confirm, and the result replaces the question there', async () => {
    const code = await start();
    const inGroup = { chatId: GROUP_ID };
    const question = await world.say(ADMIN, `/invite revoke ${code}`, inGroup);
    expect(question.chatId).toBe(GROUP_ID);
    world.telegram.userPresses(BOB, question, buttonData(question, 'Confirm'));
    await settle(world);
    expect(await revokedAt(code)).toBeNull();
    world.telegram.userPresses(ADMIN, question, buttonData(question, 'Confirm'));
    await settle(world);
    expect(world.telegram.message(GROUP_ID, question.messageId)?.text).toContain('revoked');
    expect(await revokedAt(code)).not.toBeNull();
  });
});
