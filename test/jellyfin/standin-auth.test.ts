import { describe, expect, it } from 'vitest';
import { ADMIN, MODERN, VERSIONS, call, createUser, login, start, startWithAdmin } from './standin/helpers.ts';

const CLIENT = 'Client="c", Device="d", DeviceId="dev", Version="1"';

async function status(url: string, headers: Record<string, string>): Promise<number> {
  return (await fetch(url, { headers })).status;
}

describe('stand-in authorization header', () => {
  it('reads unquoted and URL-encoded values', async () => {
    const standin = await start();
    const header = 'MediaBrowser Client=jfa%20ts, Device="my+box", DeviceId=dev-1, Version="0.1.0"';
    const answer = await call(standin, 'POST', '/Users/AuthenticateByName', {
      noAuthorization: true,
      headers: { Authorization: header },
      body: { Username: ADMIN.name, Pw: ADMIN.password },
    });
    expect(answer.json().SessionInfo).toMatchObject({ Client: 'jfa ts', DeviceName: 'my box', DeviceId: 'dev-1', ApplicationVersion: '0.1.0' });
    const token = answer.json().AccessToken;
    expect(await status(`${standin.url}/Users`, { Authorization: `MediaBrowser ${CLIENT}, Token=${token}` })).toBe(200);
    expect(await status(`${standin.url}/Users`, { Authorization: `mediabrowser ${CLIENT}, Token="${token}"` })).toBe(200);
  });

  it('treats keys case-sensitively, Token="" as no token, and other schemes as no header', async () => {
    const standin = await start();
    const token = await login(standin, ADMIN.name, ADMIN.password);
    const url = `${standin.url}/Users`;
    expect(await status(url, { Authorization: `MediaBrowser ${CLIENT}, token="${token}"` })).toBe(401);
    expect(await status(url, { Authorization: `MediaBrowser ${CLIENT}, Token=""` })).toBe(401);
    expect(await status(url, { Authorization: `Bearer Token="${token}"` })).toBe(401);
    expect(await status(url, {})).toBe(401);
  });

  it('answers 401 with an empty body for a missing, unknown or disabled user token', async () => {
    const { standin, token } = await startWithAdmin();
    const id = await createUser(standin, token, 'alice', 'pw');
    const alice = await login(standin, 'alice', 'pw', 'alice-device');
    const unknown = await call(standin, 'GET', '/Users', { token: 'f'.repeat(32) });
    expect(unknown).toMatchObject({ status: 401, text: '' });
    const policy = { ...standin.user(id)?.Policy, IsDisabled: true };
    expect((await call(standin, 'POST', `/Users/${id}/Policy`, { token, body: policy })).status).toBe(204);
    expect(await call(standin, 'GET', '/Users', { token: alice })).toMatchObject({ status: 401, text: '' });
  });

  it('answers 403 with an empty body to a non-admin on admin routes', async () => {
    const { standin, token } = await startWithAdmin();
    await createUser(standin, token, 'alice', 'pw');
    const alice = await login(standin, 'alice', 'pw', 'alice-device');
    for (const [method, path] of [
      ['POST', '/Users/New'],
      ['GET', '/Library/VirtualFolders'],
      ['GET', '/Library/MediaFolders'],
      ['GET', '/Auth/Keys'],
      ['GET', '/Auth/Providers'],
    ]) {
      const answer = await call(standin, method, path, { token: alice, body: method === 'POST' ? { Name: 'x' } : undefined });
      expect(answer, `${method} ${path}`).toMatchObject({ status: 403, text: '' });
    }
    expect((await call(standin, 'GET', '/Users', { token: alice })).status).toBe(200);
  });
});

describe('stand-in header precedence and legacy token sources', () => {
  async function setUp(version: (typeof VERSIONS)[number], legacyAuthorization = true) {
    const standin = await start({ version, legacyAuthorization });
    const token = await login(standin, ADMIN.name, ADMIN.password);
    return { standin, token, url: `${standin.url}/Users` };
  }

  it.each(['10.8', '10.10'] as const)('reads X-Emby-Authorization before Authorization on %s', async (version) => {
    const { token, url } = await setUp(version);
    const good = `MediaBrowser ${CLIENT}, Token="${token}"`;
    const bad = `MediaBrowser ${CLIENT}, Token="nope"`;
    expect(await status(url, { 'X-Emby-Authorization': good, Authorization: bad })).toBe(200);
    expect(await status(url, { 'X-Emby-Authorization': bad, Authorization: good })).toBe(401);
    expect(await status(url, { Authorization: `Emby ${CLIENT}, Token="${token}"` })).toBe(200);
  });

  it('reads Authorization first on 10.11 and ignores X-Emby-Authorization whenever Authorization is present', async () => {
    const { token, url } = await setUp('10.11');
    const good = `MediaBrowser ${CLIENT}, Token="${token}"`;
    expect(await status(url, { Authorization: good, 'X-Emby-Authorization': 'MediaBrowser Token="nope"' })).toBe(200);
    expect(await status(url, { Authorization: 'Basic dXNlcjpwYXNz', 'X-Emby-Authorization': good })).toBe(401);
    expect(await status(url, { 'X-Emby-Authorization': good })).toBe(200);
  });

  it('turns the legacy sources off on 10.11 when legacy authorization is off', async () => {
    const { standin, token, url } = await setUp('10.11', false);
    expect(await status(url, { 'X-Emby-Authorization': `MediaBrowser ${CLIENT}, Token="${token}"` })).toBe(401);
    expect(await status(url, { Authorization: `Emby ${CLIENT}, Token="${token}"` })).toBe(401);
    expect(await status(url, { 'X-Emby-Token': token })).toBe(401);
    expect(await status(url, { 'X-MediaBrowser-Token': token })).toBe(401);
    expect(await status(`${url}?api_key=${token}`, {})).toBe(401);
    expect(await status(`${url}?ApiKey=${token}`, {})).toBe(200);
    standin.legacyAuthorization = true;
    expect(await status(url, { 'X-Emby-Token': token })).toBe(200);
  });

  it.each(['10.8', '10.9', '10.10', '10.11'] as const)('takes legacy token sources on %s (legacy on)', async (version) => {
    const { token, url } = await setUp(version);
    expect(await status(url, { 'X-Emby-Token': token })).toBe(200);
    expect(await status(url, { 'X-MediaBrowser-Token': token })).toBe(200);
    expect(await status(`${url}?api_key=${token}`, {})).toBe(200);
    expect(await status(`${url}?APIKEY=${token}`, {})).toBe(200);
    expect(await status(url, { Authorization: `MediaBrowser ${CLIENT}, Token=""`, 'X-Emby-Token': token })).toBe(200);
  });
});

describe('stand-in API keys', () => {
  it.each(VERSIONS)('act as an administrator without a user on %s', async (version) => {
    const standin = await start({ version });
    const key = standin.createApiKey('doorman');
    expect((await call(standin, 'GET', '/Users', { token: key })).status).toBe(200);
    expect((await call(standin, 'GET', '/Users/Me', { token: key })).status).toBe(400);
    const created = await call(standin, 'POST', '/Users/New', { token: key, body: { Name: 'alice', Password: 'pw' } });
    expect(created.status).toBe(200);
    const id = created.json().Id;
    const expected = version === '10.8' ? 500 : 204;
    const body = { Name: 'alice', Configuration: {}, Policy: created.json().Policy };
    expect((await call(standin, 'POST', `/Users/${id}`, { token: key, body })).status).toBe(expected);
    expect((await call(standin, 'POST', `/Users/${id}/Configuration`, { token: key, body: {} })).status).toBe(expected);
    expect((await call(standin, 'POST', `/Users/${id}/Password`, { token: key, body: { NewPw: 'n' } })).status).toBe(expected);
    expect((await call(standin, 'POST', `/Users/${id}/Policy`, { token: key, body: created.json().Policy })).status).toBe(204);
  });
});

describe('stand-in login', () => {
  it.each(MODERN)('requires Client, Device, DeviceId and Version in the header on %s', async (version) => {
    const standin = await start({ version });
    const body = { Username: ADMIN.name, Pw: ADMIN.password };
    const missing = await call(standin, 'POST', '/Users/AuthenticateByName', {
      body,
      noAuthorization: true,
      headers: { Authorization: 'MediaBrowser Client="c", Device="d", DeviceId="", Version="1"' },
    });
    expect(missing).toMatchObject({ status: 400, text: 'Error processing request.' });
    const none = await call(standin, 'POST', '/Users/AuthenticateByName', { body, noAuthorization: true });
    expect(none.status).toBe(400);
  });

  it('lets 10.8 fail at the device record instead (500) when the header lacks fields', async () => {
    const standin = await start({ version: '10.8' });
    const answer = await call(standin, 'POST', '/Users/AuthenticateByName', {
      body: { Username: ADMIN.name, Pw: ADMIN.password },
      noAuthorization: true,
    });
    expect(answer.status).toBe(500);
  });

  it('answers 401 for wrong credentials, 403 for a disabled account and 400 for a blank name', async () => {
    const { standin, token } = await startWithAdmin();
    await createUser(standin, token, 'alice', 'pw');
    const attempt = (Username: string, Pw: string) => call(standin, 'POST', '/Users/AuthenticateByName', { body: { Username, Pw } });
    expect(await attempt('alice', 'wrong')).toMatchObject({ status: 401, text: 'Error processing request.' });
    expect(await attempt('nobody', 'pw')).toMatchObject({ status: 401, text: 'Error processing request.' });
    expect((await attempt(' ', 'pw')).status).toBe(400);
    expect((await attempt('ALICE', 'pw')).status).toBe(200);
    const policy = { ...standin.user('alice')?.Policy, IsDisabled: true };
    await call(standin, 'POST', `/Users/${standin.user('alice')?.Id}/Policy`, { token, body: policy });
    expect(await attempt('alice', 'pw')).toMatchObject({ status: 403, text: 'Error processing request.' });
    expect((await attempt('alice', 'wrong')).status).toBe(403);
  });

  it('logs a user without a password in with an empty one', async () => {
    const { standin, token } = await startWithAdmin();
    await call(standin, 'POST', '/Users/New', { token, body: { Name: 'guest' } });
    const answer = await call(standin, 'POST', '/Users/AuthenticateByName', { body: { Username: 'guest', Pw: '' } });
    expect(answer.status).toBe(200);
    expect(answer.json().User.HasPassword).toBe(false);
  });

  it('returns the session, the token and the server id, and sets the login dates', async () => {
    const standin = await start();
    const answer = (await call(standin, 'POST', '/Users/AuthenticateByName', { body: { Username: ADMIN.name, Pw: ADMIN.password } })).json();
    const info = (await call(standin, 'GET', '/System/Info/Public')).json();
    expect(answer.AccessToken).toMatch(/^[0-9a-f]{32}$/);
    expect(answer.ServerId).toBe(info.Id);
    expect(answer.SessionInfo).toMatchObject({ UserName: ADMIN.name, DeviceId: 'test-device', Client: 'contract-tests' });
    expect(answer.User.LastLoginDate).toBe(answer.User.LastActivityDate);
  });

});

describe('stand-in login tokens and lockout', () => {
  it.each(MODERN)('revokes the earlier token of the same user and device on %s', async (version) => {
    const standin = await start({ version });
    const first = await login(standin, ADMIN.name, ADMIN.password, 'phone');
    const other = await login(standin, ADMIN.name, ADMIN.password, 'laptop');
    const second = await login(standin, ADMIN.name, ADMIN.password, 'phone');
    expect(second).not.toBe(first);
    expect((await call(standin, 'GET', '/Users', { token: first })).status).toBe(401);
    expect((await call(standin, 'GET', '/Users', { token: second })).status).toBe(200);
    expect((await call(standin, 'GET', '/Users', { token: other })).status).toBe(200);
  });

  it("reissues the same token on 10.8 and logs other users out of that device", async () => {
    const { standin, token } = await startWithAdmin({ version: '10.8' });
    await createUser(standin, token, 'alice', 'pw');
    const first = await login(standin, ADMIN.name, ADMIN.password, 'shared');
    expect(await login(standin, ADMIN.name, ADMIN.password, 'shared')).toBe(first);
    const alice = await login(standin, 'alice', 'pw', 'shared');
    expect((await call(standin, 'GET', '/Users', { token: first })).status).toBe(401);
    expect((await call(standin, 'GET', '/Users', { token: alice })).status).toBe(200);
  });

});

describe('stand-in login lockout, session limit and logout', () => {
  it('counts failed logins and locks the account out at LoginAttemptsBeforeLockout', async () => {
    const standin = await start();
    standin.addUser('alice', { password: 'pw', policy: { LoginAttemptsBeforeLockout: 2 } });
    const attempt = (Pw: string) => call(standin, 'POST', '/Users/AuthenticateByName', { body: { Username: 'alice', Pw } });
    expect((await attempt('wrong')).status).toBe(401);
    expect(standin.user('alice')?.Policy.InvalidLoginAttemptCount).toBe(1);
    expect((await attempt('pw')).status).toBe(200);
    expect(standin.user('alice')?.Policy.InvalidLoginAttemptCount).toBe(0);
    await attempt('wrong');
    await attempt('wrong');
    expect(standin.user('alice')?.Policy).toMatchObject({ IsDisabled: true, InvalidLoginAttemptCount: 2 });
    expect((await attempt('pw')).status).toBe(403);
  });

  it('never locks out with the default of -1', async () => {
    const { standin, token } = await startWithAdmin();
    await createUser(standin, token, 'alice', 'pw');
    for (let index = 0; index < 5; index += 1) {
      await call(standin, 'POST', '/Users/AuthenticateByName', { body: { Username: 'alice', Pw: 'x' } });
    }
    expect(standin.user('alice')?.Policy).toMatchObject({ IsDisabled: false, InvalidLoginAttemptCount: 5 });
  });

  it('refuses a login beyond MaxActiveSessions with 403', async () => {
    const standin = await start();
    standin.addUser('alice', { password: 'pw', policy: { MaxActiveSessions: 1 } });
    await login(standin, 'alice', 'pw', 'one');
    await login(standin, 'alice', 'pw', 'one');
    const second = await call(standin, 'POST', '/Users/AuthenticateByName', { body: { Username: 'alice', Pw: 'pw' }, deviceId: 'two' });
    expect(second.status).toBe(403);
  });

  it('logs out with 204 and the token stops working', async () => {
    const standin = await start();
    const token = await login(standin, ADMIN.name, ADMIN.password);
    expect((await call(standin, 'POST', '/Sessions/Logout', { token })).status).toBe(204);
    expect((await call(standin, 'GET', '/Users', { token })).status).toBe(401);
  });
});
