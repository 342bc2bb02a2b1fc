import { describe, expect, it } from 'vitest';
import { newUserConfiguration, newUserPolicy } from './standin/expected.ts';
import { ADMIN, MODERN, VERSIONS, call, createUser, login, start, startWithAdmin } from './standin/helpers.ts';

describe('stand-in POST /Users/New', () => {
  it.each(VERSIONS)('creates a user with exactly the new-user defaults of %s', async (version) => {
    const { standin, token } = await startWithAdmin({ version });
    const answer = await call(standin, 'POST', '/Users/New', { token, body: { Name: 'alice', Password: 'pw' } });
    expect(answer.status).toBe(200);
    const user = answer.json();
    expect(user).toMatchObject({ Name: 'alice', HasPassword: true, HasConfiguredPassword: true, HasConfiguredEasyPassword: false, EnableAutoLogin: false });
    expect(user.Policy).toStrictEqual(newUserPolicy(version));
    expect(Object.keys(user.Policy)).toEqual(Object.keys(newUserPolicy(version)));
    expect(user.Configuration).toStrictEqual(newUserConfiguration(version));
    expect((await call(standin, 'GET', `/Users/${user.Id}`, { token })).json()).toStrictEqual(user);
  });

  it('ignores fields other than Name and Password', async () => {
    const { standin, token } = await startWithAdmin();
    const body = { Name: 'alice', Password: 'pw', Policy: { IsAdministrator: true, IsHidden: false }, Id: 'x' };
    const user = (await call(standin, 'POST', '/Users/New', { token, body })).json();
    expect(user.Policy).toMatchObject({ IsAdministrator: false, IsHidden: true });
  });

  it('creates a user without a password when Password is missing or empty', async () => {
    const { standin, token } = await startWithAdmin();
    const user = (await call(standin, 'POST', '/Users/New', { token, body: { Name: 'guest', Password: '' } })).json();
    expect(user).toMatchObject({ HasPassword: false, HasConfiguredPassword: false });
  });

  it.each(VERSIONS)('refuses a case-insensitive duplicate with an opaque 400 on %s', async (version) => {
    const { standin, token } = await startWithAdmin({ version });
    await createUser(standin, token, 'Alice');
    const answer = await call(standin, 'POST', '/Users/New', { token, body: { Name: 'aLICE' } });
    expect(answer).toMatchObject({ status: 400, contentType: 'text/plain', text: 'Error processing request.' });
    expect(standin.userNames()).toEqual(['admin', 'Alice']);
  });

});

describe('stand-in username rules on creation', () => {
  it.each([
    ['a+b', { '10.8': 400, '10.9': 400, '10.10': 400, '10.11': 200 }],
    [' lead', { '10.8': 200, '10.9': 200, '10.10': 200, '10.11': 400 }],
    ['trail ', { '10.8': 200, '10.9': 200, '10.10': 200, '10.11': 400 }],
    ['bad/name', { '10.8': 400, '10.9': 400, '10.10': 400, '10.11': 400 }],
    ["Zoë O'Neil-Smith_2.x@home", { '10.8': 200, '10.9': 200, '10.10': 200, '10.11': 200 }],
  ] as const)('checks the name %j against each version’s rules', async (name, expected) => {
    for (const version of VERSIONS) {
      const { standin, token } = await startWithAdmin({ version });
      const answer = await call(standin, 'POST', '/Users/New', { token, body: { Name: name } });
      expect(answer.status, `${version}`).toBe(expected[version]);
      if (answer.status === 400) expect(answer.text).toBe('Error processing request.');
    }
  });

  it.each(MODERN)('answers a missing Name with a 400 problem on %s', async (version) => {
    const { standin, token } = await startWithAdmin({ version });
    const answer = await call(standin, 'POST', '/Users/New', { token, body: { Password: 'pw' } });
    expect(answer.status).toBe(400);
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
    expect(answer.json().errors).toHaveProperty('Name');
  });

  it('answers a missing Name on 10.8 with the opaque 400 of the name check', async () => {
    const { standin, token } = await startWithAdmin({ version: '10.8' });
    const answer = await call(standin, 'POST', '/Users/New', { token, body: { Password: 'pw' } });
    expect(answer).toMatchObject({ status: 400, contentType: 'text/plain' });
  });
});

describe('stand-in user reads', () => {
  it('answers an unknown id with 404 and the JSON string "User not found"', async () => {
    const { standin, token } = await startWithAdmin();
    const answer = await call(standin, 'GET', `/Users/${'1'.repeat(32)}`, { token });
    expect(answer.status).toBe(404);
    expect(answer.text).toBe('"User not found"');
    expect(answer.contentType).toBe('application/json; charset=utf-8');
  });

  it('lists users sorted by name to any authenticated user, with optional filters', async () => {
    const { standin, token } = await startWithAdmin();
    for (const name of ['charlie', 'Bob', 'alice']) await createUser(standin, token, name, 'pw');
    const bob = await login(standin, 'Bob', 'pw', 'bob-device');
    const names = (await call(standin, 'GET', '/Users', { token: bob })).json().map((user: { Name: string }) => user.Name);
    expect(names).toEqual(['admin', 'alice', 'Bob', 'charlie']);
    expect(standin.userNames()).toEqual(names);
    const admins = (await call(standin, 'GET', '/Users?isHidden=true&isDisabled=false', { token })).json();
    expect(admins).toHaveLength(4);
    expect((await call(standin, 'GET', '/Users?isHidden=maybe', { token })).status).toBe(400);
    expect((await call(standin, 'GET', '/Users')).status).toBe(401);
  });

  it('lists only visible, enabled users publicly', async () => {
    const { standin, token } = await startWithAdmin();
    const id = await createUser(standin, token, 'alice');
    expect((await call(standin, 'GET', '/Users/Public')).json()).toEqual([]);
    const policy = { ...standin.user(id)?.Policy, IsHidden: false };
    await call(standin, 'POST', `/Users/${id}/Policy`, { token, body: policy });
    const listed = (await call(standin, 'GET', '/Users/Public', { noAuthorization: true })).json();
    expect(listed.map((user: { Name: string }) => user.Name)).toEqual(['alice']);
  });

  it('answers /Users/Me with the calling user', async () => {
    const { standin, token } = await startWithAdmin();
    await createUser(standin, token, 'alice', 'pw');
    const alice = await login(standin, 'alice', 'pw', 'alice-device');
    expect((await call(standin, 'GET', '/Users/Me', { token: alice })).json().Name).toBe('alice');
  });
});

describe('stand-in DELETE /Users/{id}', () => {
  it.each(VERSIONS)('deletes with 204, revokes the tokens and forgets the preferences on %s', async (version) => {
    const { standin, token } = await startWithAdmin({ version });
    const id = await createUser(standin, token, 'alice', 'pw');
    const alice = await login(standin, 'alice', 'pw', 'alice-device');
    await call(standin, 'GET', `/DisplayPreferences/usersettings?userId=${id}&client=emby`, { token });
    expect(standin.displayPreferences(id)).toBeDefined();
    const answer = await call(standin, 'DELETE', `/Users/${id}`, { token });
    expect(answer).toMatchObject({ status: 204, text: '' });
    expect(standin.user(id)).toBeUndefined();
    expect(standin.displayPreferences(id)).toBeUndefined();
    expect((await call(standin, 'GET', '/Users', { token: alice })).status).toBe(401);
  });

  it.each([
    ['10.8', 500],
    ['10.9', 404],
    ['10.10', 404],
    ['10.11', 404],
  ] as const)('answers an unknown id on %s with %i', async (version, status) => {
    const { standin, token } = await startWithAdmin({ version });
    expect((await call(standin, 'DELETE', `/Users/${'2'.repeat(32)}`, { token })).status).toBe(status);
  });

  it('refuses to delete the last administrator (400) and the only user (500)', async () => {
    const standin = await start();
    const key = standin.createApiKey('tests');
    const adminId = standin.user(ADMIN.name)?.Id;
    expect((await call(standin, 'DELETE', `/Users/${adminId}`, { token: key })).status).toBe(500);
    await createUser(standin, key, 'alice');
    expect((await call(standin, 'DELETE', `/Users/${adminId}`, { token: key })).status).toBe(400);
    expect(standin.user(ADMIN.name)).toBeDefined();
  });
});
