import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.ts';
import { JellyfinError } from '../../src/jellyfin/errors.ts';
import { normaliseId } from '../../src/jellyfin/types.ts';
import { ADMIN, capturingLogger, clientFor, DEVICE_ID, loginAs, startStandin, tokenIn } from './client/setup.ts';

const HEADER = /^MediaBrowser Client="Doorman", Device="doorman", DeviceId="([^"]+)", Version="0\.1\.0", Token="([^"]*)"$/;

describe('JellyfinClient on the wire: authentication', () => {
  it('sends only the MediaBrowser Authorization header, with a persistent DeviceId, and Accept: application/json', async () => {
    const standin = await startStandin();
    const client = clientFor(standin);
    await client.serverInfo();
    await client.listUsers();
    await client.listLibraries();
    expect(standin.requests.length).toBeGreaterThanOrEqual(4);
    for (const request of standin.requests) {
      const match = HEADER.exec(request.headers.authorization ?? '');
      expect(match, request.headers.authorization).not.toBeNull();
      expect(match?.[1]).toBe(DEVICE_ID);
      expect(request.headers.accept).toBe('application/json');
      expect(Object.keys(request.headers).filter((name) => name.startsWith('x-emby') || name.startsWith('x-mediabrowser'))).toEqual([]);
    }
    const [info, login, users] = standin.requests;
    expect(info.route).toBe('GET /System/Info/Public');
    expect(tokenIn(info.headers.authorization)).toBe('');
    expect(login.route).toBe('POST /Users/AuthenticateByName');
    expect(login.body).toEqual({ Username: ADMIN.name, Pw: ADMIN.password });
    expect(users.route).toBe('GET /Users');
    expect(tokenIn(users.headers.authorization)).toMatch(/^[0-9a-f]{32}$/);
  });

  it('percent-encodes header values and keeps the configured device across logins', async () => {
    const standin = await startStandin();
    const client = clientFor(standin, { deviceId: 'doorman "home", 1', deviceName: 'Doorman box' });
    await client.listUsers();
    const header = standin.requestsTo('GET /Users')[0].headers.authorization;
    expect(header).toContain('Device="Doorman%20box", DeviceId="doorman%20%22home%22%2C%201"');
    expect(standin.requestsTo('GET /Users')[0].status).toBe(200);
  });

  it('logs in once, lazily, for many concurrent calls', async () => {
    const standin = await startStandin();
    const client = clientFor(standin);
    expect(standin.requests).toEqual([]);
    await Promise.all([client.listUsers(), client.listUsers(), client.listLibraries(), client.getUser(standin.addUser('zed'))]);
    await client.listUsers();
    expect(standin.requestsTo('POST /Users/AuthenticateByName')).toHaveLength(1);
    const tokens = new Set(standin.requests.filter((r) => r.route !== 'POST /Users/AuthenticateByName').map((r) => tokenIn(r.headers.authorization)));
    expect(tokens.size).toBe(1);
  });

  it('on 10.11: logs in again after a 401 (token revoked by a same-device login) and repeats the request once', async () => {
    const standin = await startStandin({ version: '10.11' });
    const client = clientFor(standin);
    await client.listUsers();
    await loginAs(standin, ADMIN.name, ADMIN.password, DEVICE_ID); // revokes the client's token on 10.9+
    standin.clearRequests();
    const users = await client.listUsers();
    expect(users.map((u) => u.Name)).toContain(ADMIN.name);
    expect(standin.requests.map((r) => `${r.route} ${r.status}`)).toEqual([
      'GET /Users 401',
      'POST /Users/AuthenticateByName 200',
      'GET /Users 200',
    ]);
  });

  it('shares one new login among concurrent calls that all met a 401', async () => {
    const standin = await startStandin({ version: '10.10' });
    const client = clientFor(standin);
    await client.login();
    await loginAs(standin, ADMIN.name, ADMIN.password, DEVICE_ID);
    standin.clearRequests();
    await Promise.all([client.listUsers(), client.listUsers(), client.listLibraries(), client.listUsers()]);
    expect(standin.requestsTo('POST /Users/AuthenticateByName')).toHaveLength(1);
    const answered = standin.requests.filter((r) => r.route !== 'POST /Users/AuthenticateByName');
    expect(answered.filter((r) => r.status === 200)).toHaveLength(4);
  });

  it('on 10.8: logs in again after a 401 (token logged out) and repeats the request once', async () => {
    const standin = await startStandin({ version: '10.8' });
    const client = clientFor(standin);
    await client.listUsers();
    const token = tokenIn(standin.requestsTo('GET /Users')[0].headers.authorization);
    const logout = await fetch(`${standin.url}/Sessions/Logout`, {
      method: 'POST',
      headers: { Authorization: `MediaBrowser Client="test", Device="test", DeviceId="other", Version="1", Token="${token}"` },
    });
    expect(logout.status).toBe(204);
    standin.clearRequests();
    const id = standin.addUser('bea');
    expect((await client.getUser(id))?.Name).toBe('bea');
    expect(standin.requests.map((r) => `${r.route} ${r.status}`)).toEqual([
      'GET /Users/{id} 401',
      'POST /Users/AuthenticateByName 200',
      'GET /Users/{id} 200',
    ]);
  });

  it('refuses wrong credentials with a message naming the configuration keys', async () => {
    const standin = await startStandin();
    const client = clientFor(standin, { password: 'wrong' });
    const error = await client.listUsers().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JellyfinError);
    expect((error as JellyfinError).kind).toBe('unauthorized');
    expect((error as JellyfinError).message).toMatch(/jellyfin\.username.*jellyfin\.password/);
    expect((error as JellyfinError).message).not.toContain('wrong');
    expect(standin.requestsTo('POST /Users/AuthenticateByName')).toHaveLength(1); // a login is never retried
    expect(standin.requestsTo('GET /Users')).toHaveLength(0);
  });

  it('refuses an account that is not an administrator, clearly', async () => {
    const standin = await startStandin();
    standin.addUser('bob', { password: 'bob-password' });
    const client = clientFor(standin, { username: 'bob', password: 'bob-password' });
    const error = (await client.login().catch((e: unknown) => e)) as JellyfinError;
    expect(error).toBeInstanceOf(JellyfinError);
    expect(error.kind).toBe('forbidden');
    expect(error.message).toMatch(/"bob".*not an administrator/);
    expect(client.serviceUserId).toBeNull();
  });

  it('works under a base URL path', async () => {
    const standin = await startStandin({ baseUrl: '/jellyfin' });
    const client = clientFor(standin);
    expect(standin.url.endsWith('/jellyfin')).toBe(true);
    expect((await client.serverInfo()).version).toMatch(/^10\.11\./);
    expect((await client.listUsers()).length).toBe(1);
    expect(standin.requests.every((r) => r.path.startsWith('/jellyfin/'))).toBe(true);
  });

  it('logs method, path, status and time at debug, never the header, token or password', async () => {
    const standin = await startStandin();
    const { log, lines } = capturingLogger();
    const client = clientFor(standin, { log });
    const created = await client.createUser('carol', 'carols-secret-pw');
    await client.setPassword(created.Id, 'another-secret-pw');
    const token = tokenIn(standin.requestsTo('GET /Users')[0].headers.authorization);
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.map((e) => `${e.method} ${e.path} ${e.status}`)).toContain('POST /Users/New 200');
    for (const entry of entries) {
      expect(entry).toMatchObject({ level: 20, method: expect.any(String), path: expect.any(String), ms: expect.any(Number) });
    }
    const all = lines.join('\n');
    for (const secret of [token, ADMIN.password, 'carols-secret-pw', 'another-secret-pw', 'MediaBrowser']) {
      expect(all).not.toContain(secret);
    }
  });
});

describe('JellyfinClient on the wire: users', () => {
  it('reads the server version and remembers it', async () => {
    const standin = await startStandin({ version: '10.10', serverName: 'Home' });
    const client = clientFor(standin);
    const info = await client.serverInfo();
    expect(info).toMatchObject({ serverName: 'Home', productName: 'Jellyfin Server' });
    expect(info.version).toMatch(/^10\.10\./);
    await client.serverInfo();
    expect(standin.requestsTo('GET /System/Info/Public')).toHaveLength(1);
  });

  it('lists users with normalised ids, gets one, and answers null for an unknown one', async () => {
    const standin = await startStandin();
    const id = standin.addUser('Dora');
    const client = clientFor(standin);
    const users = await client.listUsers();
    expect(users.map((u) => u.Name).sort()).toEqual(['Dora', ADMIN.name].sort());
    for (const user of users) expect(user.Id).toMatch(/^[0-9a-f]{32}$/);
    const hyphenated = id.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5').toUpperCase();
    const dora = await client.getUser(hyphenated);
    expect(dora?.Id).toBe(normaliseId(id));
    expect(dora?.Policy.IsAdministrator).toBe(false);
    expect(await client.getUser('0123456789abcdef0123456789abcdef')).toBeNull();
    expect(await client.getUser('not an id')).toBeNull();
    expect((await client.findUserByName('dORA'))?.Id).toBe(normaliseId(id));
    expect(await client.findUserByName('nobody')).toBeNull();
  });

  it('creates a user with exactly one POST /Users/New carrying Name and Password', async () => {
    const standin = await startStandin();
    const client = clientFor(standin);
    const user = await client.createUser('erin', 'erin-pw-1');
    expect(user.Id).toMatch(/^[0-9a-f]{32}$/);
    expect(user.Name).toBe('erin');
    expect(standin.requestsTo('POST /Users/New').map((r) => r.body)).toEqual([{ Name: 'erin', Password: 'erin-pw-1' }]);
    expect(standin.user('erin')?.Id).toBe(user.Id);
    await loginAs(standin, 'erin', 'erin-pw-1', 'erins-phone');
  });

  it.each(['10.8', '10.11'] as const)('on %s refuses a case-insensitive duplicate without POSTing', async (version) => {
    const standin = await startStandin({ version });
    standin.addUser('Frank');
    const client = clientFor(standin);
    const error = (await client.createUser('fRANK', 'pw-123456').catch((e: unknown) => e)) as DomainError;
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe('username_taken');
    expect(error.details.field).toBe('username');
    expect(standin.requestsTo('POST /Users/New')).toEqual([]);
    expect(standin.requestsTo('GET /Users')).toHaveLength(1);
  });

  it('applies the 10.8 username rules on 10.8 (no +) and the 10.11 rules on 10.11', async () => {
    const old = await startStandin({ version: '10.8' });
    const oldClient = clientFor(old);
    const error = (await oldClient.createUser('gus+tv', 'pw-123456').catch((e: unknown) => e)) as DomainError;
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe('username_invalid');
    expect(error.details.field).toBe('username');
    expect(error.message).toBe("Usernames may only use letters, digits, spaces and - _ ' . @.");
    expect(old.requestsTo('POST /Users/New')).toEqual([]);
    expect(oldClient.usernameProblem(' gus')).toBeNull();

    const current = await startStandin({ version: '10.11' });
    const client = clientFor(current);
    expect((await client.createUser('gus+tv', 'pw-123456')).Name).toBe('gus+tv');
    expect(client.usernameProblem(' gus')).toMatch(/start or end with a space/);
    const edge = (await client.createUser('gus ', 'pw-123456').catch((e: unknown) => e)) as DomainError;
    expect(edge.code).toBe('username_invalid');
    expect(current.requestsTo('POST /Users/New')).toHaveLength(1);
  });

  it('reads the opaque 400 from POST /Users/New as a name taken in a race', async () => {
    const standin = await startStandin();
    standin.failOn('POST /Users/New', { status: 400 });
    const client = clientFor(standin);
    const error = (await client.createUser('hana', 'pw-123456').catch((e: unknown) => e)) as DomainError;
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe('username_taken');
    expect(error.message).toMatch(/choose another/);
    expect(standin.requestsTo('POST /Users/New')).toHaveLength(1);
  });

  it.each(['10.8', '10.11'] as const)('on %s deletes a user, and an unknown user counts as deleted', async (version) => {
    const standin = await startStandin({ version });
    const id = standin.addUser('ivy');
    const client = clientFor(standin);
    await client.deleteUser(id);
    expect(standin.user(id)).toBeUndefined();
    await client.deleteUser(id);
    const deletes = standin.requestsTo('DELETE /Users/{id}').map((r) => r.status);
    expect(deletes).toEqual(version === '10.8' ? [204, 500] : [204, 404]);
    if (version === '10.8') expect(standin.requestsTo('GET /Users/{id}').map((r) => r.status)).toEqual([404]);
  });

  it('on 10.8 a 500 from DELETE for a user who still exists is not taken as "gone"', async () => {
    const standin = await startStandin({ version: '10.8' });
    const id = standin.addUser('jay');
    standin.failOn('DELETE /Users/{id}', { times: 1 });
    const client = clientFor(standin);
    await client.deleteUser(id);
    expect(standin.user(id)).toBeUndefined();
    expect(standin.requestsTo('DELETE /Users/{id}').map((r) => r.status)).toEqual([500, 204]);
    expect(standin.requestsTo('GET /Users/{id}').map((r) => r.status)).toEqual([200]);
  });

  it('lists libraries from VirtualFolders, ItemId as id', async () => {
    const standin = await startStandin();
    const client = clientFor(standin);
    const libraries = await client.listLibraries();
    expect(libraries.map((l) => ({ id: l.id, name: l.name }))).toEqual(
      standin.libraries().map((l) => ({ id: normaliseId(l.Id), name: l.Name })),
    );
    expect(libraries.map((l) => l.collectionType)).toEqual(['movies', 'tvshows', 'music']);
  });
});
