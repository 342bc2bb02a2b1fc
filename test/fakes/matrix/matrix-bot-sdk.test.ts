import { AutojoinRoomsMixin, LogService, MatrixAuth, MatrixClient, MatrixError, MemoryStorageProvider } from 'matrix-bot-sdk';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MatrixStandin } from './index.ts';

const alice = '@alice:example.test';
const bob = '@bob:example.test';
const logged: string[] = [];

beforeAll(() => {
  const keep = (...parts: unknown[]): void => void logged.push(parts.map(String).join(' '));
  LogService.setLogger({ info: () => {}, debug: () => {}, trace: () => {}, warn: keep, error: keep });
});

let standin: MatrixStandin;
let client: MatrixClient;

async function startClient(): Promise<MatrixClient> {
  const started = new MatrixClient(standin.homeserverUrl, standin.bot.accessToken, new MemoryStorageProvider());
  started.syncingTimeout = 5000;
  AutojoinRoomsMixin.setupOnClient(started);
  await started.start();
  await standin.waitForParkedSync();
  return started;
}

beforeEach(async () => {
  logged.length = 0;
  standin = await MatrixStandin.start();
  client = await startClient();
});

afterEach(async () => {
  client.stop();
  await standin.close();
});

describe('MatrixStandin with the real matrix-bot-sdk', () => {
  it('answers whoami, the m.direct look-up (404), joined_rooms, then parks the long-poll sync', async () => {
    expect(await client.getUserId()).toBe('@doorman:example.test');
    const seen = standin.requests.map((request) => `${request.method} ${request.path} ${request.status ?? 'parked'}`);
    expect(seen).toEqual(
      expect.arrayContaining([
        'GET /account/whoami 200',
        'GET /user/@doorman:example.test/account_data/m.direct 404',
        'GET /joined_rooms 200',
        'GET /sync 200',
        'GET /sync parked',
      ]),
    );
    const m404 = standin.requests.find((request) => request.path.endsWith('/m.direct'));
    expect(m404?.response).toMatchObject({ errcode: 'M_NOT_FOUND' });
    expect(standin.requests.at(-1)?.query).toMatchObject({ since: expect.stringMatching(/^s\d+$/), timeout: '5000' });
  });

  it('delivers an invite, which AutojoinRoomsMixin accepts with POST /join', async () => {
    const invited = new Promise<string>((resolve) => client.once('room.invite', (roomId: string) => resolve(roomId)));
    const roomId = standin.inviteBot(alice);
    expect(await invited).toBe(roomId);
    await standin.waitFor((request) => request.method === 'POST' && request.path === `/join/${roomId}` && request.status === 200);
    expect(standin.membership(roomId, standin.bot.userId)).toBe('join');
    expect(standin.roomsOf(standin.bot.userId)).toEqual([roomId]);
    expect(await client.getJoinedRooms()).toEqual([roomId]);
  });

  it("hands a user's message to the bot as room.message", async () => {
    const roomId = await joinedDm(alice);
    const message = new Promise<Record<string, unknown>>((resolve) => {
      client.on('room.message', (room: string, event: Record<string, unknown>) => {
        if (room === roomId && event.sender === alice) resolve(event);
      });
    });
    standin.userSays(roomId, alice, '!help', { formatted: '<b>!help</b>' });
    expect(await message).toMatchObject({
      type: 'm.room.message',
      sender: alice,
      content: { msgtype: 'm.text', body: '!help', format: 'org.matrix.custom.html', formatted_body: '<b>!help</b>' },
    });
  });

  it('records what the bot sends, with its formatting', async () => {
    const roomId = await joinedDm(alice);
    const eventId = await client.sendMessage(roomId, {
      msgtype: 'm.notice',
      body: 'Hello Alice',
      format: 'org.matrix.custom.html',
      formatted_body: '<b>Hello</b> Alice',
    });
    const [sent] = standin.sentBy(standin.bot.userId, roomId);
    expect(sent).toMatchObject({ eventId, msgtype: 'm.notice', body: 'Hello Alice', format: 'org.matrix.custom.html', formatted_body: '<b>Hello</b> Alice' });
    expect(standin.timeline(roomId).at(-1)?.event_id).toBe(eventId);
  });

  it('treats a repeated txnId from the same token as the same event', async () => {
    const roomId = await joinedDm(alice);
    const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/txn-1`;
    const first = await client.doRequest('PUT', path, null, { msgtype: 'm.notice', body: 'once' });
    const second = await client.doRequest('PUT', path, null, { msgtype: 'm.notice', body: 'once' });
    expect(second.event_id).toBe(first.event_id);
    expect(standin.sentBy(standin.bot.userId, roomId)).toHaveLength(1);
  });

  it('opens a DM through client.dms: createRoom with is_direct, m.direct account data, members on reuse', async () => {
    const roomId = await client.dms.getOrCreateDm(bob);
    const create = standin.requests.find((request) => request.path === '/createRoom');
    expect(create?.body).toMatchObject({ invite: [bob], is_direct: true, preset: 'trusted_private_chat' });
    expect(standin.membership(roomId, bob)).toBe('join');
    expect(standin.accountData(standin.bot.userId, 'm.direct')).toEqual({ [bob]: [roomId] });
    expect(await client.dms.getOrCreateDm(bob)).toBe(roomId);
    expect(standin.requests.some((request) => request.path === `/rooms/${roomId}/members` && request.status === 200)).toBe(true);
  });

  it('leaves invites pending for a user who refuses them', async () => {
    standin.refuseInvites(bob);
    const roomId = await client.createRoom({ invite: [bob], is_direct: true, preset: 'trusted_private_chat' });
    expect(standin.membership(roomId, bob)).toBe('invite');
    expect(standin.roomsOf(bob, 'invite')).toEqual([roomId]);
  });

  it('logs in with a password and hands out a working token', async () => {
    const loggedIn = await new MatrixAuth(standin.homeserverUrl).passwordLogin('doorman', 'doorman-password');
    expect(loggedIn.accessToken).not.toBe(standin.bot.accessToken);
    expect((await loggedIn.getWhoAmI()).user_id).toBe('@doorman:example.test');
    const wrong = new MatrixAuth(standin.homeserverUrl).passwordLogin('@doorman:example.test', 'nope');
    await expect(wrong).rejects.toMatchObject({ statusCode: 403, errcode: 'M_FORBIDDEN' });
  });

  it('refuses a bad token with 401 M_UNKNOWN_TOKEN', async () => {
    const stranger = new MatrixClient(standin.homeserverUrl, 'syt_wrong', new MemoryStorageProvider());
    await expect(stranger.getWhoAmI()).rejects.toMatchObject({ statusCode: 401, errcode: 'M_UNKNOWN_TOKEN' });
  });

  it('answers 429 M_LIMIT_EXCEEDED with retry_after_ms on demand; waiting it out succeeds', async () => {
    const roomId = await joinedDm(alice);
    standin.rateLimitNext('/send/', 150);
    const content = { msgtype: 'm.notice', body: 'patience' };
    const refusal = await client.sendMessage(roomId, content).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(MatrixError);
    expect(refusal).toMatchObject({ statusCode: 429, errcode: 'M_LIMIT_EXCEEDED', retryAfterMs: 150 });
    await new Promise((resolve) => setTimeout(resolve, (refusal as MatrixError).retryAfterMs));
    await client.sendMessage(roomId, content);
    expect(standin.sentBy(standin.bot.userId, roomId).map((event) => event.body)).toEqual(['patience']);
  });

  it("shows a user's leave in the bot's sync timeline", async () => {
    const roomId = await joinedDm(alice);
    standin.userLeaves(roomId, alice);
    await standin.waitFor((request) => request.path === '/sync' && JSON.stringify(request.response).includes('"membership":"leave"'));
    expect(standin.roomsOf(alice)).toEqual([]);
  });

  it('replays recent events to a client that syncs without a token, as a homeserver does', async () => {
    const roomId = await joinedDm(alice);
    standin.userSays(roomId, alice, '!me');
    client.stop();
    await standin.waitFor((request) => request.path === '/sync' && JSON.stringify(request.response).includes('!me'));
    const fresh = new MatrixClient(standin.homeserverUrl, standin.bot.accessToken, new MemoryStorageProvider());
    fresh.syncingTimeout = 5000;
    const replayed = new Promise<string>((resolve) => fresh.once('room.message', (_room: string, event: { content: { body: string } }) => resolve(event.content.body)));
    await fresh.start();
    expect(await replayed).toBe('!me');
    client = fresh;
  });

  it('closes promptly after client.stop(), answering the parked sync, without connection errors', async () => {
    client.stop();
    await standin.close();
    expect(standin.requests.every((request) => request.status !== null && request.status !== 0)).toBe(true);
    expect(logged.filter((line) => /ECONNRESET|ECONNREFUSED|socket hang up/.test(line))).toEqual([]);
  });
});

/** Alice invites the bot to a DM and the bot has joined it. */
async function joinedDm(userId: string): Promise<string> {
  const roomId = standin.inviteBot(userId);
  await standin.waitFor((request) => request.path === `/join/${roomId}` && request.status === 200);
  await standin.waitForParkedSync();
  return roomId;
}
