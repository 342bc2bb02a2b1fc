import { afterEach, describe, expect, it } from 'vitest';
import { ALICE, BOB, leading, notice, startAliceAndBob, type OutboxWorld, type TelegramChannel } from './support.ts';

/** A message exists exactly when the change that causes it commits, and once per event and channel. */

let channel: TelegramChannel;
let world: OutboxWorld;
let close: (() => Promise<void>) | undefined;

afterEach(async () => close?.());

async function setUp(): Promise<void> {
  ({ channel, world, close } = await startAliceAndBob());
}

describe('enqueue', () => {
  it('in a transaction that rolls back leaves nothing to send; the committed one is delivered', async () => {
    await setUp();
    const worker = await leading(world.worker());
    const failure = world.db.transaction().execute(async (trx) => {
      await world.outbox.enqueue(trx, notice(ALICE, 'welcome:alice', 'rolled back'));
      throw new Error('the sign-up failed after the welcome was queued');
    });
    await expect(failure).rejects.toThrow('the sign-up failed');
    await world.db.transaction().execute(async (trx) => {
      await world.outbox.enqueue(trx, notice(BOB, 'welcome:bob', 'committed'));
    });
    await channel.standin.waitForSent((message) => message.chatId === BOB.id);
    await worker.idle();
    const sent = channel.standin.sent();
    expect(sent.map((message) => [message.chatId, message.text])).toEqual([[BOB.id, 'committed']]);
    expect(await world.db.selectFrom('outbox').select(['target', 'status']).execute()).toEqual([{ target: String(BOB.id), status: 'sent' }]);
  });

  it('the same event for the same channel twice is one message; another channel or event is another', async () => {
    await setUp();
    const first = await world.outbox.enqueue(world.db, notice(ALICE, 'welcome:alice'));
    const again = await world.outbox.enqueue(world.db, notice(ALICE, 'welcome:alice', 'a second rendering'));
    expect(first).toMatch(/^[a-z2-9]{10}$/);
    expect(again).toBeUndefined();
    const added = await world.outbox.enqueueMany(world.db, [notice(ALICE, 'welcome:alice'), notice(BOB, 'welcome:alice'), notice(ALICE, 'announcement:1')]);
    expect(added).toBe(2);
    const worker = await leading(world.worker());
    await worker.idle();
    world.time.advance(2000); // Alice's second message waits a second after her first (one per chat per second).
    worker.wake();
    await worker.idle();
    const sent = channel.standin.sent().map((message) => [message.chatId, message.text]);
    expect(sent).toHaveLength(3);
    expect(sent).toEqual(expect.arrayContaining([[ALICE.id, 'Hello Alice'], [BOB.id, 'Hello Bob'], [ALICE.id, 'Hello Alice']]));
    expect(sent.filter(([, text]) => text === 'a second rendering')).toEqual([]);
    const keys = (await world.db.selectFrom('outbox').select('idempotency_key').orderBy('idempotency_key').execute()).map((row) => row.idempotency_key);
    expect(keys).toEqual(['announcement:1/telegram/2001', 'welcome:alice/telegram/2001', 'welcome:alice/telegram/2002']);
  });
});
