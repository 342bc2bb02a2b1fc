import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MatrixStandin } from './index.ts';

let standin: MatrixStandin;

beforeEach(async () => {
  standin = await MatrixStandin.start();
});

afterEach(async () => {
  await standin.close();
});

async function call(method: string, path: string, body?: unknown, token: string | null = standin.bot.accessToken) {
  const response = await fetch(`${standin.homeserverUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('MatrixStandin on the wire', () => {
  it('serves the r0 aliases and the versions list', async () => {
    expect((await call('GET', '/_matrix/client/r0/account/whoami')).body).toMatchObject({ user_id: '@doorman:example.test' });
    expect((await call('GET', '/_matrix/client/versions', undefined, null)).body.versions).toContain('v1.1');
  });

  it('answers 401 M_MISSING_TOKEN, 401 M_UNKNOWN_TOKEN and 404 M_UNRECOGNIZED', async () => {
    expect(await call('GET', '/_matrix/client/v3/joined_rooms', undefined, null)).toMatchObject({ status: 401, body: { errcode: 'M_MISSING_TOKEN' } });
    expect(await call('GET', '/_matrix/client/v3/joined_rooms', undefined, 'bad')).toMatchObject({ status: 401, body: { errcode: 'M_UNKNOWN_TOKEN' } });
    expect(await call('GET', '/_matrix/client/v3/nothing/here')).toMatchObject({ status: 404, body: { errcode: 'M_UNRECOGNIZED' } });
  });

  it('refuses a send to a room the bot is not in, and a join without an invite (403 M_FORBIDDEN)', async () => {
    const roomId = standin.inviteBot('@alice:example.test');
    const room = encodeURIComponent(roomId);
    const send = await call('PUT', `/_matrix/client/v3/rooms/${room}/send/m.room.message/t1`, { msgtype: 'm.text', body: 'x' });
    expect(send).toMatchObject({ status: 403, body: { errcode: 'M_FORBIDDEN' } });
    const other = standin.inviteBot('@carol:example.test');
    standin.userLeaves(other, standin.bot.userId);
    expect(await call('POST', `/_matrix/client/v3/rooms/${encodeURIComponent(other)}/join`, {})).toMatchObject({ status: 403 });
    expect(await call('POST', `/_matrix/client/v3/join/${room}`, {})).toMatchObject({ status: 200, body: { room_id: roomId } });
  });

  it('returns a short sync at once when nothing is new and timeout is 0; a since token moves on', async () => {
    const first = await call('GET', '/_matrix/client/v3/sync?timeout=0');
    const roomId = standin.inviteBot('@alice:example.test');
    const second = await call('GET', `/_matrix/client/v3/sync?timeout=1000&since=${String(first.body.next_batch)}`);
    expect(Object.keys((second.body.rooms as { invite: object }).invite)).toEqual([roomId]);
    const third = await call('GET', `/_matrix/client/v3/sync?timeout=0&since=${String(second.body.next_batch)}`);
    expect(third.body.rooms).toEqual({ join: {}, invite: {}, leave: {} });
  });
});
