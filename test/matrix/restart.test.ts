import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, ALICE, startMatrixWorld, type MatrixWorld } from './support.ts';

/** What survives a restart of Doorman (a new app on the same database file, the same homeserver). */

let world: MatrixWorld;
afterEach(async () => world?.close());

describe('after a restart', () => {
  it('the bot does not run old commands again and answers new ones', async () => {
    world = await startMatrixWorld();
    const roomId = await world.openDm(ADMIN);
    await world.say(roomId, ADMIN, '!invite create uses:1');
    expect(await world.app.services.invites.list()).toHaveLength(1);

    await world.restart();
    // A homeserver replays recent events to a client without a sync token; Doorman kept its token.
    const sinces = world.matrix.requests.filter((request) => request.path === '/sync').map((request) => request.query.since);
    expect(sinces.filter((since) => since === undefined)).toHaveLength(1);
    expect(await world.app.services.invites.list()).toHaveLength(1);
    expect(world.matrix.sentBy(world.matrix.bot.userId, roomId)).toHaveLength(1);

    const fresh = await world.say(roomId, ADMIN, '!invite list');
    expect(fresh.msgtype).toBe('m.notice');
    expect(await world.app.services.invites.list()).toHaveLength(1);
  });

  it('a bot that never synced before does not run the history the homeserver replays', async () => {
    world = await startMatrixWorld({ deferStart: true });
    const roomId = world.matrix.inviteBot(ADMIN);
    world.matrix.userJoins(roomId, world.matrix.bot.userId);
    world.matrix.userSays(roomId, ADMIN, '!invite create uses:1');
    await world.boot();
    expect(await world.app.services.invites.list()).toHaveLength(0);
    expect(world.matrix.sentBy(world.matrix.bot.userId, roomId)).toHaveLength(0);
  });

  it('keeps the DM rooms: a PIN after the restart goes to the same room, no new room is created', async () => {
    world = await startMatrixWorld();
    const code = (await world.app.services.invites.create({ uses: 2 })).code;
    const first = world.matrix.waitForSent((event) => /PIN/.test(event.body ?? ''));
    await world.app.services.contacts.sendPinDm({ inviteCode: code, platform: 'matrix', handle: ALICE });
    const roomId = (await first).roomId;
    expect(world.matrix.requests.filter((request) => request.path === '/createRoom')).toHaveLength(1);

    await world.restart();
    const second = world.matrix.nextSent(roomId);
    const remembered = await world.app.db.selectFrom('matrix_dm_rooms').selectAll().execute();
    expect(remembered).toEqual([expect.objectContaining({ user_id: ALICE, room_id: roomId })]);
    await world.app.services.contacts.sendPinDm({ inviteCode: code, platform: 'matrix', handle: ALICE });
    expect((await second).body).toMatch(/PIN/);
    expect(world.matrix.requests.filter((request) => request.path === '/createRoom')).toHaveLength(1);
  });
});

describe('a person leaving their DM', () => {
  it('the bot leaves too and forgets the room; the next PIN opens a new one', async () => {
    world = await startMatrixWorld();
    const roomId = await world.openDm(ALICE);
    world.matrix.userLeaves(roomId, ALICE);
    await world.matrix.waitFor((request) => request.path === `/rooms/${roomId}/leave` && request.status === 200);
    await world.settle();
    expect(await world.app.db.selectFrom('matrix_dm_rooms').selectAll().execute()).toEqual([]);
    const code = (await world.app.services.invites.create({ uses: 1 })).code;
    const dm = world.matrix.waitForSent((event) => /PIN/.test(event.body ?? ''));
    await world.app.services.contacts.sendPinDm({ inviteCode: code, platform: 'matrix', handle: ALICE });
    expect((await dm).roomId).not.toBe(roomId);
  });
});
