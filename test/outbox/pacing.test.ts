import { afterEach, describe, expect, it } from 'vitest';
import type { OutboxWorker } from '../../src/outbox/worker.ts';
import type { StandinUser } from '../fakes/telegram/index.ts';
import { leading, notice, startOutboxWorld, startTelegramChannel, type OutboxWorld, type TelegramChannel } from './support.ts';

/**
 * Pacing, on a virtual clock shared by the worker and the stand-in's flood control: the times below
 * are the stand-in's record of when each send arrived, exact and independent of the machine's speed.
 */

const RATE = 5;
const USERS: StandinUser[] = Array.from({ length: 12 }, (_, n) => ({ id: 4000 + n, first_name: `User${n}` }));

let channel: TelegramChannel;
let world: OutboxWorld | undefined;

afterEach(async () => {
  await world?.close();
  await channel?.close();
  world = undefined;
});

/** Runs the worker until nothing is pending, moving the virtual clock to each deferred message. */
async function drain(world: OutboxWorld, worker: OutboxWorker): Promise<void> {
  for (;;) {
    await worker.idle();
    const next = await world.repo.nextDueAt('telegram');
    if (next === undefined) return;
    world.time.advance(Math.max(0, Date.parse(next) - world.time.nowMs()));
    worker.wake();
  }
}

describe('the stand-in’s flood control', () => {
  it('answers a send beyond the rate 429 with retry_after, which the adapter reports as rate_limited when asked to', async () => {
    channel = await startTelegramChannel();
    for (const user of USERS.slice(0, 3)) channel.standin.userOpenedChat(user);
    let now = 1_000_000;
    channel.standin.enforceRateLimit({ perSecond: 2, perChatPerSecond: 1, now: () => now });
    const telegram = channel.deliveries.get('telegram')!;
    const send = (user: StandinUser) => telegram.sendDirect(String(user.id), { text: 'hi' }, { rateLimits: 'report' });
    await send(USERS[0]);
    await send(USERS[1]);
    await expect(send(USERS[2])).rejects.toMatchObject({ platform: 'telegram', failure: 'rate_limited', retryAfterMs: 1000 });
    now += 1000;
    await expect(send(USERS[0])).resolves.toBeUndefined();
    await expect(send(USERS[0])).rejects.toMatchObject({ failure: 'rate_limited', retryAfterMs: 1000 });
    const refusal = channel.standin.requests.find((request) => request.status === 429);
    expect(refusal?.error).toEqual({ error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
    expect(channel.standin.rateLimitLog.refused).toBe(2);
  });
});

describe('pacing', () => {
  it('keeps to telegram.rate_per_second per bot and one message per second per chat, so flood control never answers 429', async () => {
    channel = await startTelegramChannel();
    for (const user of USERS) channel.standin.userOpenedChat(user);
    world = await startOutboxWorld(channel);
    const { time } = world;
    channel.standin.enforceRateLimit({ perSecond: RATE, perChatPerSecond: 1, now: () => time.nowMs() });
    // One send at a time: the stand-in then sees each send at the virtual instant the worker made it.
    const worker = await leading(world.worker({ telegramRatePerSecond: RATE, limits: { telegram: { concurrency: 1 } } }));
    await world.outbox.enqueueMany(world.db, [
      ...USERS.map((user) => notice(user, 'announcement:1')),
      notice(USERS[0], 'announcement:2'),
      notice(USERS[0], 'announcement:3'),
    ]);
    await drain(world, worker);

    const { admitted, refused } = channel.standin.rateLimitLog;
    expect(refused).toBe(0);
    expect(admitted).toHaveLength(USERS.length + 2);
    expect(channel.standin.sent()).toHaveLength(USERS.length + 2);
    // No second holds more than RATE sends: any RATE + 1 consecutive sends span at least a second.
    for (let i = 0; i + RATE < admitted.length; i += 1) {
      expect(admitted[i + RATE].at - admitted[i].at).toBeGreaterThanOrEqual(1000);
    }
    const toFirstUser = admitted.filter((send) => send.chatId === String(USERS[0].id)).map((send) => send.at);
    expect(toFirstUser).toHaveLength(3);
    expect(toFirstUser[1] - toFirstUser[0]).toBeGreaterThanOrEqual(1000);
    expect(toFirstUser[2] - toFirstUser[1]).toBeGreaterThanOrEqual(1000);
    // …and it does not dawdle: the twelve distinct chats go out within 3 % of the rate's minimum.
    const spread = admitted[USERS.length - 1].at - admitted[0].at;
    expect(spread).toBeLessThanOrEqual(((USERS.length - 1) * 1000 / RATE) * 1.03);
  });
});
