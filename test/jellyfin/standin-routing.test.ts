import { describe, expect, it } from 'vitest';
import { ADMIN, VERSIONS, call, createUser, hyphenate, login, start, startWithAdmin } from './standin/helpers.ts';

const GUID_N = /^[0-9a-f]{32}$/;
const JELLYFIN_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/;

describe('stand-in routing', () => {
  it('matches paths and query keys case-insensitively', async () => {
    const { standin, token } = await startWithAdmin();
    const id = await createUser(standin, token, 'alice');
    expect((await call(standin, 'GET', '/users/public')).status).toBe(200);
    expect((await call(standin, 'GET', `/USERS/${id}`, { token })).status).toBe(200);
    const prefs = await call(standin, 'GET', `/displaypreferences/usersettings?USERID=${id}&Client=emby`, { token });
    expect(prefs.status).toBe(200);
    expect(prefs.json().Client).toBe('emby');
  });

  it('lets literal segments win over {userId}', async () => {
    const { standin, token } = await startWithAdmin({ version: '10.9' });
    expect((await call(standin, 'GET', '/Users/Public')).json()).toEqual([]);
    expect((await call(standin, 'GET', '/Users/Me', { token })).json().Name).toBe(ADMIN.name);
    const password = await call(standin, 'POST', '/Users/Password', { token, body: { CurrentPw: ADMIN.password, NewPw: 'new-password' } });
    expect(password.status).toBe(204);
    const configuration = await call(standin, 'POST', '/Users/Configuration', { token, body: {} });
    expect(configuration.status).toBe(204);
    expect(standin.requests.map((request) => request.route)).toContain('POST /Users/Configuration');
  });

  it('binds a literal as {userId} when the method only exists on the id route (400 problem)', async () => {
    const { standin, token } = await startWithAdmin();
    const answer = await call(standin, 'DELETE', '/Users/New', { token });
    expect(answer.status).toBe(400);
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
    expect(answer.json()).toMatchObject({ title: 'One or more validation errors occurred.', status: 400 });
  });

  it('has no query-string user routes on 10.8: /Users/Password binds as an id', async () => {
    const { standin, token } = await startWithAdmin({ version: '10.8' });
    const answer = await call(standin, 'POST', '/Users/Password', { token, body: { NewPw: 'x' } });
    expect(answer.status).toBe(400);
    expect(standin.requests.at(-1)?.route).toBe('POST /Users/{id}');
    expect((await call(standin, 'POST', '/Users', { token, body: {} })).status).toBe(405);
  });

  it('serves everything under the base URL and strips /emby and /mediabrowser', async () => {
    const standin = await start({ baseUrl: '/jellyfin/' });
    expect(standin.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/jellyfin$/);
    expect((await call(standin, 'GET', '/System/Info/Public')).status).toBe(200);
    expect((await call(standin, 'GET', '/emby/System/Ping')).text).toBe('"Jellyfin Server"');
    expect((await call(standin, 'GET', '/MediaBrowser/System/Ping')).status).toBe(200);
    const outside = await fetch(standin.url.replace('/jellyfin', '') + '/System/Info/Public');
    expect(outside.status).toBe(404);
    const token = await login(standin, ADMIN.name, ADMIN.password);
    expect((await call(standin, 'GET', '/Users', { token })).status).toBe(200);
  });

});

describe('stand-in ids and unmatched routes', () => {
  it('accepts GUIDs with or without hyphens and braces, and always writes 32 lowercase hex digits', async () => {
    const { standin, token } = await startWithAdmin();
    const id = await createUser(standin, token, 'alice');
    expect(id).toMatch(GUID_N);
    for (const form of [id.toUpperCase(), hyphenate(id), `{${hyphenate(id).toUpperCase()}}`]) {
      const answer = await call(standin, 'GET', `/Users/${form}`, { token });
      expect(answer.status).toBe(200);
      expect(answer.json().Id).toBe(id);
    }
  });

  it('answers a non-GUID {userId} with a 400 problem and the empty GUID with a 400 exception', async () => {
    const { standin, token } = await startWithAdmin();
    const bad = await call(standin, 'GET', '/Users/not-a-guid', { token });
    expect(bad.status).toBe(400);
    expect(bad.json().errors).toBeDefined();
    const empty = await call(standin, 'GET', `/Users/${'0'.repeat(32)}`, { token });
    expect(empty.status).toBe(400);
    expect(empty.contentType).toBe('text/plain');
    expect(empty.text).toBe('Error processing request.');
  });

  it('answers 404 for unknown paths and 405 for a known path with the wrong method', async () => {
    const { standin, token } = await startWithAdmin();
    expect((await call(standin, 'GET', '/Nope', { token })).status).toBe(404);
    expect((await call(standin, 'PUT', '/Users/New', { token })).status).toBe(405);
  });
});

describe('stand-in output and input format', () => {
  it('writes PascalCase, leaves nulls out, and writes enums as names', async () => {
    const { standin, token } = await startWithAdmin();
    const user = (await call(standin, 'POST', '/Users/New', { token, body: { Name: 'alice' } })).json();
    expect(Object.keys(user)).toEqual([
      'Name', 'ServerId', 'Id', 'HasPassword', 'HasConfiguredPassword', 'HasConfiguredEasyPassword',
      'EnableAutoLogin', 'Configuration', 'Policy',
    ]);
    expect(user).not.toHaveProperty('LastLoginDate');
    expect(user.Policy).not.toHaveProperty('MaxParentalRating');
    expect(user.Configuration).not.toHaveProperty('AudioLanguagePreference');
    expect(user.Configuration.SubtitleMode).toBe('Default');
    expect(user.Policy.SyncPlayAccess).toBe('CreateAndJoinGroups');
    expect(user.HasPassword).toBe(false);
  });

  it('writes dates with seven fractional digits and a Z', async () => {
    const standin = await start();
    const answer = await call(standin, 'POST', '/Users/AuthenticateByName', { body: { Username: 'admin', Pw: ADMIN.password } });
    const { User } = answer.json();
    expect(User.LastLoginDate).toMatch(JELLYFIN_DATE);
    expect(User.LastActivityDate).toMatch(JELLYFIN_DATE);
    expect(answer.contentType).toBe('application/json; charset=utf-8');
  });

  it('reads JSON property names case-insensitively and ignores unknown ones', async () => {
    const { standin, token } = await startWithAdmin();
    const created = await call(standin, 'POST', '/Users/New', { token, body: { name: 'bob', PASSWORD: 'pw', Color: 'blue' } });
    expect(created.status).toBe(200);
    expect(created.json()).toMatchObject({ Name: 'bob', HasPassword: true });
    const loggedIn = await call(standin, 'POST', '/Users/AuthenticateByName', { body: { USERNAME: 'bob', pw: 'pw' } });
    expect(loggedIn.status).toBe(200);
  });

  it('answers 415 to a body that is not declared as JSON, and accepts a charset', async () => {
    const { standin, token } = await startWithAdmin();
    const body = JSON.stringify({ Name: 'carol' });
    const plain = await call(standin, 'POST', '/Users/New', { token, rawBody: body, headers: { 'Content-Type': 'text/plain' } });
    expect(plain.status).toBe(415);
    const missing = await call(standin, 'POST', '/Users/New', { token, rawBody: body });
    expect(missing.status).toBe(415);
    expect(standin.userNames()).not.toContain('carol');
    const charset = await call(standin, 'POST', '/Users/New', {
      token,
      rawBody: body,
      headers: { 'Content-Type': 'application/json; charset=UTF-8' },
    });
    expect(charset.status).toBe(200);
  });

  it('answers an empty or broken JSON body with a 400 problem', async () => {
    const { standin, token } = await startWithAdmin();
    const json = { 'Content-Type': 'application/json' };
    expect((await call(standin, 'POST', '/Users/New', { token, rawBody: '', headers: json })).status).toBe(400);
    const broken = await call(standin, 'POST', '/Users/New', { token, rawBody: '{"Name":', headers: json });
    expect(broken.status).toBe(400);
    expect(broken.contentType).toMatch(/problem\+json/);
  });
});

describe('stand-in system endpoints', () => {
  const releases = { '10.8': '10.8.13', '10.9': '10.9.11', '10.10': '10.10.7', '10.11': '10.11.11' } as const;

  it.each(VERSIONS)('reports itself as Jellyfin %s', async (version) => {
    const { standin, token } = await startWithAdmin({ version, serverName: 'Home' });
    const info = (await call(standin, 'GET', '/System/Info/Public')).json();
    expect(info).toMatchObject({ ProductName: 'Jellyfin Server', Version: releases[version], ServerName: 'Home' });
    expect(info.Id).toMatch(GUID_N);
    const me = (await call(standin, 'GET', '/Users/Me', { token })).json();
    expect(me.ServerId).toBe(info.Id);
  });

  it('pings anonymously with a JSON string', async () => {
    const standin = await start();
    const answer = await call(standin, 'GET', '/System/Ping', { noAuthorization: true });
    expect(answer.text).toBe('"Jellyfin Server"');
  });

  it('needs a token for /System/Info and then shows the data path', async () => {
    const { standin, token } = await startWithAdmin();
    const anonymous = await call(standin, 'GET', '/System/Info');
    expect(anonymous.status).toBe(401);
    expect(anonymous.text).toBe('');
    const info = (await call(standin, 'GET', '/System/Info', { token })).json();
    expect(info.ProgramDataPath).toBe('/var/lib/jellyfin');
  });

  it('lists the authentication and password-reset providers for admins', async () => {
    const { standin, token } = await startWithAdmin();
    expect((await call(standin, 'GET', '/Auth/Providers', { token })).json()).toEqual([
      { Name: 'Default', Id: 'Jellyfin.Server.Implementations.Users.DefaultAuthenticationProvider' },
    ]);
    expect((await call(standin, 'GET', '/Auth/PasswordResetProviders', { token })).json()).toEqual([
      { Name: 'Default Password Reset Provider', Id: 'Jellyfin.Server.Implementations.Users.DefaultPasswordResetProvider' },
    ]);
  });

  it('creates API keys with 204 without returning them, lists and deletes them', async () => {
    const { standin, token } = await startWithAdmin();
    const created = await call(standin, 'POST', '/Auth/Keys?app=doorman', { token });
    expect(created.status).toBe(204);
    expect(created.text).toBe('');
    expect((await call(standin, 'POST', '/Auth/Keys', { token })).status).toBe(400);
    const list = (await call(standin, 'GET', '/Auth/Keys', { token })).json();
    expect(list).toMatchObject({ TotalRecordCount: 1, StartIndex: 0 });
    const [key] = list.Items;
    expect(key).toMatchObject({ AppName: 'doorman', DeviceId: '', UserId: '0'.repeat(32), IsActive: false });
    expect(key.DateCreated).toMatch(JELLYFIN_DATE);
    expect((await call(standin, 'GET', '/Users', { token: key.AccessToken })).status).toBe(200);
    expect((await call(standin, 'DELETE', `/Auth/Keys/${key.AccessToken}`, { token })).status).toBe(204);
    expect((await call(standin, 'DELETE', '/Auth/Keys/unknown', { token })).status).toBe(204);
    expect((await call(standin, 'GET', '/Users', { token: key.AccessToken })).status).toBe(401);
  });
});
