import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { DiscordStandin } from './index.ts';

const GUILD_ID = '800000000000000001';
const LOW_ROLE = '800000000000000010';
const alice = { id: '700000000000000001', username: 'alice', global_name: 'Alice Liddell' };

let standin: DiscordStandin | undefined;
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await standin?.close();
  standin = undefined;
});

async function started(): Promise<DiscordStandin> {
  standin = await DiscordStandin.start({
    guild: { id: GUILD_ID, name: 'Film Club', roles: [{ id: LOW_ROLE, name: 'Member', position: 1 }], members: [{ user: alice, roles: [] }] },
  });
  return standin;
}

type Frame = { op: number; t?: string | null; s?: number | null; d?: unknown };

/** A raw gateway client: frames in order, and the close code. */
function connect(url: string): { socket: WebSocket; next: () => Promise<Frame>; closed: Promise<number> } {
  const socket = new WebSocket(url);
  sockets.push(socket);
  const frames: Frame[] = [];
  const waiting: ((frame: Frame) => void)[] = [];
  socket.on('message', (raw) => {
    const frame = JSON.parse(String(raw)) as Frame;
    const waiter = waiting.shift();
    if (waiter) waiter(frame);
    else frames.push(frame);
  });
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  const next = (): Promise<Frame> => {
    const frame = frames.shift();
    return frame ? Promise.resolve(frame) : new Promise((resolve) => waiting.push(resolve));
  };
  return { socket, next, closed };
}

async function rest(base: string, method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; json: unknown; headers: Headers }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bot ${token}`;
  const response = await fetch(`${base}/v10${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as unknown) : undefined, headers: response.headers };
}

describe('the gateway on the wire', () => {
  it('HELLO, heartbeat ACK, IDENTIFY → READY + GUILD_CREATE with increasing s, then dispatches', async () => {
    const discord = await started();
    const { url } = (await rest(discord.restBase, 'GET', '/gateway/bot', undefined, discord.token)).json as { url: string };
    const gateway = connect(`${url}?v=10&encoding=json`);
    expect(await gateway.next()).toMatchObject({ op: 10, d: { heartbeat_interval: expect.any(Number) as number } });
    gateway.socket.send(JSON.stringify({ op: 1, d: null }));
    expect(await gateway.next()).toMatchObject({ op: 11 });
    gateway.socket.send(JSON.stringify({ op: 2, d: { token: discord.token, intents: 1 | 2 | 4096, properties: {} } }));
    const ready = await gateway.next();
    expect(ready).toMatchObject({ op: 0, t: 'READY', s: 1, d: { user: { id: discord.bot.id }, guilds: [{ id: GUILD_ID, unavailable: true }], application: { id: discord.appId } } });
    const guildCreate = await gateway.next();
    expect(guildCreate).toMatchObject({ t: 'GUILD_CREATE', s: 2, d: { id: GUILD_ID, name: 'Film Club' } });
    expect((guildCreate.d as { roles: { name: string }[] }).roles.map((role) => role.name)).toEqual(['@everyone', 'Member']);
    await discord.waitForSession();
    discord.memberUpdate(alice.id, { roles: [LOW_ROLE] });
    expect(await gateway.next()).toMatchObject({ t: 'GUILD_MEMBER_UPDATE', s: 3, d: { guild_id: GUILD_ID, roles: [LOW_ROLE], user: { id: alice.id } } });
  });

  it('closes with 4004 for a wrong token and 4014 for a privileged intent that is off; codes on demand', async () => {
    const discord = await started();
    const wrongToken = connect(`ws://127.0.0.1:${new URL(discord.restBase).port}/gateway`);
    await wrongToken.next();
    wrongToken.socket.send(JSON.stringify({ op: 2, d: { token: 'nope', intents: 1 } }));
    expect(await wrongToken.closed).toBe(4004);
    discord.privilegedIntents = { ...discord.privilegedIntents, guildMembers: false };
    const members = connect(`ws://127.0.0.1:${new URL(discord.restBase).port}/gateway`);
    await members.next();
    members.socket.send(JSON.stringify({ op: 2, d: { token: discord.token, intents: 1 | 2 } }));
    expect(await members.closed).toBe(4014);
    discord.closeNextIdentifyWith(4013);
    const forced = connect(`ws://127.0.0.1:${new URL(discord.restBase).port}/gateway`);
    await forced.next();
    forced.socket.send(JSON.stringify({ op: 2, d: { token: discord.token, intents: 1 } }));
    expect(await forced.closed).toBe(4013);
    expect(discord.identifies.map((identify) => identify.tokenValid)).toEqual([false, true, true]);
  });
});

describe('REST on the wire', () => {
  it('answers 401 without the bot token, 404 for unknown routes, and finds members by name', async () => {
    const discord = await started();
    expect(await rest(discord.restBase, 'GET', '/users/@me')).toMatchObject({ status: 401, json: { code: 0, message: '401: Unauthorized' } });
    expect((await rest(discord.restBase, 'GET', '/nothing/here', undefined, discord.token)).status).toBe(404);
    expect(await rest(discord.restBase, 'GET', `/users/${alice.id}`, undefined, discord.token)).toMatchObject({ status: 200, json: { username: 'alice' } });
    expect(await rest(discord.restBase, 'GET', '/users/1', undefined, discord.token)).toMatchObject({ status: 404, json: { code: 10013 } });
    const search = await rest(discord.restBase, 'GET', `/guilds/${GUILD_ID}/members/search?query=ALI&limit=5`, undefined, discord.token);
    expect(search.json).toEqual([expect.objectContaining({ user: expect.objectContaining({ id: alice.id }) as unknown })]);
    expect(await rest(discord.restBase, 'PUT', `/guilds/${GUILD_ID}/members/${alice.id}/roles/${LOW_ROLE}`, undefined, discord.token)).toMatchObject({
      status: 403,
      json: { code: 50013, message: 'Missing Permissions' },
    });
  });

  it('records decoded paths, refuses a second acknowledgement (40060) and a follow-up before any (10015)', async () => {
    const discord = await started();
    const gateway = connect(`ws://127.0.0.1:${new URL(discord.restBase).port}/gateway`);
    await gateway.next();
    gateway.socket.send(JSON.stringify({ op: 2, d: { token: discord.token, intents: 1 } }));
    await discord.waitForSession();
    const id = discord.userRunsSlashCommand(alice, { name: 'me' });
    const token = `interaction-token-${id}`;
    expect(await rest(discord.restBase, 'POST', `/webhooks/${discord.appId}/${token}`, { content: 'early' })).toMatchObject({ status: 404, json: { code: 10015 } });
    expect((await rest(discord.restBase, 'POST', `/interactions/${id}/${token}/callback`, { type: 5, data: { flags: 64 } })).status).toBe(204);
    expect(await rest(discord.restBase, 'POST', `/interactions/${id}/${token}/callback`, { type: 4, data: { content: 'x' } })).toMatchObject({ status: 400, json: { code: 40060 } });
    const edit = await rest(discord.restBase, 'PATCH', `/webhooks/${discord.appId}/${token}/messages/%40original`, { content: 'done' });
    expect(edit).toMatchObject({ status: 200, json: { content: 'done', flags: 64 } });
    expect(discord.interactionResponses(id).map((request) => request.path)).toContain(`/webhooks/${discord.appId}/${token}/messages/@original`);
    expect((await discord.waitForReply(id)).content).toBe('done');
  });

  it('a 429 on demand carries retry_after and the X-RateLimit headers, once', async () => {
    const discord = await started();
    discord.rateLimitNext('/users/:user', 0.5);
    const limited = await rest(discord.restBase, 'GET', `/users/${alice.id}`, undefined, discord.token);
    expect(limited).toMatchObject({ status: 429, json: { retry_after: 0.5, global: false } });
    expect(['retry-after', 'x-ratelimit-reset-after', 'x-ratelimit-bucket', 'x-ratelimit-remaining'].map((name) => limited.headers.get(name))).toEqual([
      '0.5',
      '0.5',
      expect.any(String),
      '0',
    ]);
    expect((await rest(discord.restBase, 'GET', `/users/${alice.id}`, undefined, discord.token)).status).toBe(200);
  });
});

describe('command validation', () => {
  const put = async (discord: DiscordStandin, body: unknown): Promise<{ status: number; json: unknown }> =>
    rest(discord.restBase, 'PUT', `/applications/${discord.appId}/commands`, body, discord.token);
  const option = (type: number, name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ type, name, description: name, ...extra });

  it('refuses what Discord refuses, with the nested errors shape', async () => {
    const discord = await started();
    const cases: unknown[] = [
      [{ name: 'Invite', description: 'x' }],
      [{ name: 'invite', description: '' }],
      [{ name: 'invite', description: 'x', options: [option(99, 'bad')] }],
      [{ name: 'invite', description: 'x', options: [option(3, 'a'), option(3, 'b', { required: true })] }],
      [{ name: 'invite', description: 'x', options: [option(2, 'group', { options: [option(3, 'plain')] })] }],
      [{ name: 'invite', description: 'x' }, { name: 'invite', description: 'y' }],
    ];
    for (const body of cases) expect(await put(discord, body)).toMatchObject({ status: 400, json: { code: 50035, errors: expect.any(Object) as unknown } });
    const bad = await put(discord, [{ name: 'ok', description: 'x' }, { name: 'Bad', description: 'x' }]);
    expect(bad.json).toMatchObject({ errors: { 1: { name: { _errors: [{ code: 'APPLICATION_COMMAND_INVALID_NAME' }] } } } });
    expect(discord.commands()).toEqual([]);
  });

  it('accepts groups, subcommands, choices and non-Latin names; a re-overwrite keeps ids by name', async () => {
    const discord = await started();
    const body = [
      { name: 'user', description: 'Users', options: [option(2, 'bulk', { options: [option(1, 'extend', { options: [option(3, 'who', { required: true })] })] })] },
      { name: 'язык', description: 'Language', options: [option(3, 'lang', { choices: [{ name: 'English', value: 'en' }] })] },
    ];
    const first = (await put(discord, body)).json as { id: string }[];
    const second = (await put(discord, body)).json as { id: string }[];
    expect(second.map((command) => command.id)).toEqual(first.map((command) => command.id));
    expect(discord.commands().map((command) => command.name)).toEqual(['user', 'язык']);
  });
});
