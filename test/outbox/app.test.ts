import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, ALICE, BOB, startTelegramWorld, type TelegramWorld } from '../telegram/support.ts';

/**
 * The outbox in Doorman as it runs (createApp + listen, the grammY adapter started by the app,
 * against the Telegram stand-in): listen() starts the worker, the adapter hands the outbox 429s
 * instead of waiting them out, and admins see and requeue failures from chat.
 */

let world: TelegramWorld | undefined;

afterEach(async () => {
  await world?.close();
  world = undefined;
});

function enqueue(world: TelegramWorld, target: number, key: string, markdown: string): Promise<string | undefined> {
  const { app } = world;
  return app.db.transaction().execute((trx) => app.outbox.enqueue(trx, { key, platform: 'telegram', target: String(target), messageId: 'welcome', content: { markdown } }));
}

describe('the outbox in the app', () => {
  it('listen() runs the worker: a queued message reaches the user within moments', async () => {
    world = await startTelegramWorld({ telegram: { rate_per_second: 1000 } });
    world.telegram.userOpenedChat(ALICE);
    await world.app.outboxWorker.whenLeading();
    await enqueue(world, ALICE.id, 'welcome:alice', 'Welcome, **alice**!');
    const message = await world.telegram.waitForSent((sent) => sent.chatId === ALICE.id);
    expect(message.raw).toBe('Welcome, <b>alice</b>!');
  });

  it('a 429 comes back to the outbox at once (rescheduled, no attempt); admins see failures and requeue them from Telegram', async () => {
    world = await startTelegramWorld({ telegram: { rate_per_second: 1000 } });
    const { app, telegram } = world;
    telegram.userOpenedChat(ALICE);
    telegram.userOpenedChat(BOB);
    await app.outboxWorker.whenLeading();
    telegram.rateLimitNext('sendMessage', 30);
    const aliceId = (await enqueue(world, ALICE.id, 'welcome:alice', 'Welcome, alice!'))!;
    await telegram.waitFor((request) => request.method === 'sendMessage' && request.status === 429);
    // With the interactive sender's auto-retry this would wait 30 s; idle() resolves once the outcome is recorded.
    await app.outboxWorker.idle();
    const rescheduled = await app.db.selectFrom('outbox').selectAll().where('id', '=', aliceId).executeTakeFirstOrThrow();
    expect(rescheduled).toMatchObject({ status: 'pending', attempts: 0, last_error: 'Too Many Requests: retry after 30' });
    expect((await world.say(ADMIN, '/outbox status')).text).toContain('Outbox: 1 pending, 0 failed, 0 dead.');

    world.clock.advance(31_000);
    app.outboxWorker.wake();
    await telegram.waitForSent((sent) => sent.chatId === ALICE.id);

    telegram.blockBot(BOB.id);
    const bobId = (await enqueue(world, BOB.id, 'welcome:bob', 'Welcome, bob!'))!;
    await telegram.waitFor((request) => request.method === 'sendMessage' && request.status === 403);
    await app.outboxWorker.idle();
    const status = await world.say(ADMIN, '/outbox status');
    expect(status.text).toContain('Outbox: 0 pending, 1 failed, 0 dead.');
    expect(status.text).toContain(bobId);
    expect(status.text).toContain('Forbidden: bot was blocked by the user');

    telegram.unblockBot(BOB.id);
    const toBob = telegram.nextSent(BOB.id);
    expect((await world.say(ADMIN, `/outbox retry ${bobId}`)).text).toBe(`Message ${bobId} queued again.`);
    expect((await toBob).text).toBe('Welcome, bob!');
  });
});
