import { afterEach, describe, expect, it } from 'vitest';
import { ALICE, startMatrixWorld, type MatrixWorld } from './support.ts';

/** matrix-bot-sdk 0.7.1 rejects a 429; the adapter waits `retry_after_ms` and sends again. */

let world: MatrixWorld;
afterEach(async () => world?.close());

describe('rate limits', () => {
  it('a reply answered 429 M_LIMIT_EXCEEDED is sent again after retry_after_ms, once', async () => {
    world = await startMatrixWorld();
    const roomId = await world.openDm(ALICE);
    world.matrix.rateLimitNext('/send/', 120, 2);
    const reply = await world.say(roomId, ALICE, '!help');
    expect(reply.msgtype).toBe('m.notice');
    const sends = world.matrix.requests.filter((request) => request.path.includes('/send/'));
    expect(sends.map((request) => request.status)).toEqual([429, 429, 200]);
    // The same transaction id every time: a retry can never post the reply twice.
    expect(new Set(sends.map((request) => request.path)).size).toBe(1);
    expect(sends[0].response).toMatchObject({ errcode: 'M_LIMIT_EXCEEDED', retry_after_ms: 120 });
    expect(world.matrix.sentBy(world.matrix.bot.userId, roomId)).toHaveLength(1);
  });

  it('a direct message whose room creation is rate limited still arrives', async () => {
    world = await startMatrixWorld();
    const code = (await world.app.services.invites.create({ uses: 1 })).code;
    world.matrix.rateLimitNext('/createRoom', 80);
    const dm = world.matrix.waitForSent((event) => /PIN/.test(event.body ?? ''));
    await world.app.services.contacts.sendPinDm({ inviteCode: code, platform: 'matrix', handle: ALICE });
    expect((await dm).msgtype).toBe('m.notice');
    expect(world.matrix.requests.filter((request) => request.path === '/createRoom').map((request) => request.status)).toEqual([429, 200]);
  });
});

describe('rate limits reported to the outbox', () => {
  it("with rateLimits 'report' a 429 is thrown at once as rate_limited with retryAfterMs", async () => {
    world = await startMatrixWorld();
    const roomId = await world.openDm(ALICE);
    world.matrix.rateLimitNext('/send/', 5000);
    const refusal = await world.adapter.delivery.sendDirect(ALICE, { text: 'notice' }, { rateLimits: 'report' }).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ name: 'ChatDeliveryError', platform: 'matrix', failure: 'rate_limited', retryAfterMs: 5000 });
    expect(world.matrix.sentBy(world.matrix.bot.userId, roomId)).toHaveLength(0);
    await world.adapter.delivery.sendToRoom(roomId, { text: 'notice' });
    expect(world.matrix.sentBy(world.matrix.bot.userId, roomId).map((event) => event.body)).toEqual(['notice']);
  });
});
