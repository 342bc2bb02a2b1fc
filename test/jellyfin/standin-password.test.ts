import { describe, expect, it } from 'vitest';
import { ADMIN, MODERN, VERSIONS, call, createUser, login, startWithAdmin } from './standin/helpers.ts';

type Version = (typeof VERSIONS)[number];

async function withAlice(version: Version = '10.11') {
  const { standin, token } = await startWithAdmin({ version });
  const id = await createUser(standin, token, 'alice', 'pw');
  const alice = await login(standin, 'alice', 'pw', 'alice-device');
  const canLogIn = async (name: string, password: string) =>
    (await call(standin, 'POST', '/Users/AuthenticateByName', { body: { Username: name, Pw: password }, deviceId: 'check' })).status === 200;
  return { standin, token, id, alice, canLogIn };
}

describe('stand-in password changes', () => {
  it.each(VERSIONS)('lets an admin set another user’s password without CurrentPw and logs that user out on %s', async (version) => {
    const { standin, token, id, alice, canLogIn } = await withAlice(version);
    const answer = await call(standin, 'POST', `/Users/${id}/Password`, { token, body: { NewPw: 'fresh' } });
    expect(answer).toMatchObject({ status: 204, text: '' });
    expect(await canLogIn('alice', 'fresh')).toBe(true);
    expect(await canLogIn('alice', 'pw')).toBe(false);
    expect((await call(standin, 'GET', '/Users', { token: alice })).status).toBe(401);
    expect((await call(standin, 'GET', '/Users', { token })).status).toBe(200);
  });

  it('makes a user prove the current password, counting a wrong one as a failed login', async () => {
    const { standin, id, alice, canLogIn } = await withAlice();
    const wrong = await call(standin, 'POST', `/Users/${id}/Password`, { token: alice, body: { CurrentPw: 'nope', NewPw: 'x' } });
    expect(wrong.status).toBe(403);
    expect(wrong.json()).toBe('Invalid user or password entered.');
    expect(standin.user(id)?.Policy.InvalidLoginAttemptCount).toBe(1);
    const right = await call(standin, 'POST', `/Users/${id}/Password`, { token: alice, body: { CurrentPw: 'pw', NewPw: 'x' } });
    expect(right.status).toBe(204);
    expect(await canLogIn('alice', 'x')).toBe(true);
    // The token that made the change survives it.
    expect((await call(standin, 'GET', '/Users/Me', { token: alice })).status).toBe(200);
  });

  it('refuses to change someone else’s password as a non-admin, or without EnableUserPreferenceAccess', async () => {
    const { standin, token, id, alice } = await withAlice('10.10');
    const adminId = standin.user(ADMIN.name)?.Id;
    const other = await call(standin, 'POST', `/Users/${adminId}/Password`, { token: alice, body: { CurrentPw: ADMIN.password, NewPw: 'x' } });
    expect(other.status).toBe(403);
    expect(other.json()).toBe('User is not allowed to update the password.');
    await call(standin, 'POST', `/Users/${id}/Policy`, { token, body: { ...standin.user(id)?.Policy, EnableUserPreferenceAccess: false } });
    const own = await call(standin, 'POST', `/Users/${id}/Password`, { token: alice, body: { CurrentPw: 'pw', NewPw: 'x' } });
    expect(own.json()).toBe('User is not allowed to update the password.');
  });

  it.each([
    ['10.8', 204],
    ['10.9', 403],
    ['10.11', 403],
  ] as const)('asks an admin changing their own password by id for CurrentPw on %s (%i without it)', async (version, status) => {
    const { standin, token } = await withAlice(version);
    const adminId = standin.user(ADMIN.name)?.Id;
    expect((await call(standin, 'POST', `/Users/${adminId}/Password`, { token, body: { NewPw: 'new-admin' } })).status).toBe(status);
  });

  it.each(MODERN)('does not ask an admin on /Users/Password without userId on %s', async (version) => {
    const { standin, token, canLogIn } = await withAlice(version);
    expect((await call(standin, 'POST', '/Users/Password', { token, body: { NewPw: 'new-admin' } })).status).toBe(204);
    expect(await canLogIn(ADMIN.name, 'new-admin')).toBe(true);
  });

});

describe('stand-in password resets and unknown users', () => {
  it('clears the password with ResetPassword, after which an empty password logs in', async () => {
    const { standin, token, id, canLogIn } = await withAlice();
    expect((await call(standin, 'POST', `/Users/${id}/Password`, { token, body: { ResetPassword: true } })).status).toBe(204);
    expect((await call(standin, 'GET', `/Users/${id}`, { token })).json().HasPassword).toBe(false);
    expect(await canLogIn('alice', '')).toBe(true);
  });

  it.each([
    ['10.8', 204],
    ['10.9', 400],
    ['10.10', 400],
    ['10.11', 400],
  ] as const)('treats an empty admin password on %s with %i', async (version, status) => {
    const { standin, token } = await withAlice(version);
    const adminId = standin.user(ADMIN.name)?.Id;
    const emptied = await call(standin, 'POST', `/Users/${adminId}/Password`, { token, body: { CurrentPw: ADMIN.password, NewPw: '' } });
    expect(emptied.status).toBe(status);
    expect((await call(standin, 'POST', `/Users/${adminId}/Password`, { token, body: { ResetPassword: true } })).status).toBe(status);
  });

  it.each([
    ['10.8', '"User not found"'],
    ['10.9', '"User not found"'],
  ] as const)('answers an unknown user on %s with 404 %s', async (version, body) => {
    const { standin, token } = await withAlice(version);
    const answer = await call(standin, 'POST', `/Users/${'6'.repeat(32)}/Password`, { token, body: { NewPw: 'x' } });
    expect(answer).toMatchObject({ status: 404, text: body });
  });

  it.each(['10.10', '10.11'] as const)('answers an unknown user on %s with a 404 problem', async (version) => {
    const { standin, token } = await withAlice(version);
    const answer = await call(standin, 'POST', `/Users/${'6'.repeat(32)}/Password`, { token, body: { NewPw: 'x' } });
    expect(answer.status).toBe(404);
    expect(answer.contentType).toMatch(/problem\+json/);
  });

  it('sets a password for a user created without one', async () => {
    const { standin, token, canLogIn } = await withAlice();
    const guest = (await call(standin, 'POST', '/Users/New', { token, body: { Name: 'guest' } })).json();
    expect((await call(standin, 'POST', `/Users/${guest.Id}/Password`, { token, body: { CurrentPw: '', NewPw: 'pw2' } })).status).toBe(204);
    expect(await canLogIn('guest', 'pw2')).toBe(true);
  });
});
