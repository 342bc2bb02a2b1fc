import { describe, expect, it } from 'vitest';
import { PROVIDERS, constructorPolicy, newUserPolicy } from './standin/expected.ts';
import { ADMIN, MODERN, VERSIONS, call, createUser, hyphenate, login, startWithAdmin } from './standin/helpers.ts';

async function withUser(version: (typeof VERSIONS)[number] = '10.11', extra: Parameters<typeof startWithAdmin>[0] = {}) {
  const { standin, token } = await startWithAdmin({ version, ...extra });
  const id = await createUser(standin, token, 'alice', 'pw');
  const post = (body: unknown, as = token) => call(standin, 'POST', `/Users/${id}/Policy`, { token: as, body });
  return { standin, token, id, post };
}

describe('stand-in POST /Users/{id}/Policy replaces the whole policy', () => {
  it.each(VERSIONS)('fills every missing field with the UserPolicy constructor default on %s', async (version) => {
    const { standin, token, id, post } = await withUser(version);
    expect((await post({ ...PROVIDERS })).status).toBe(204);
    const policy = (await call(standin, 'GET', `/Users/${id}`, { token })).json().Policy;
    expect(policy).toStrictEqual(constructorPolicy(version));
    expect(policy.EnableLiveTvManagement).toBe(true);
    expect(newUserPolicy(version).EnableLiveTvManagement).toBe(false);
  });

  it('does not keep current values: a field left out goes back to its default', async () => {
    const { standin, id, post } = await withUser();
    await post({ ...PROVIDERS, EnableAllFolders: false, EnabledFolders: [standin.libraries()[0].Id], IsHidden: false });
    expect(standin.user(id)?.Policy).toMatchObject({ EnableAllFolders: false, IsHidden: false });
    await post({ ...PROVIDERS, IsHidden: false });
    expect(standin.user(id)?.Policy).toMatchObject({ EnableAllFolders: true, EnabledFolders: [], IsHidden: false });
  });

  it('reads keys case-insensitively, accepts hyphenated GUIDs and writes them as 32 hex digits', async () => {
    const { standin, id, post } = await withUser();
    const library = standin.libraries()[1].Id;
    const answer = await post({
      authenticationproviderid: PROVIDERS.AuthenticationProviderId,
      PASSWORDRESETPROVIDERID: PROVIDERS.PasswordResetProviderId,
      enableallfolders: false,
      EnabledFolders: [hyphenate(library).toUpperCase()],
      syncplayaccess: 'joingroups',
      BlockUnratedItems: ['movie', 2],
      MaxActiveSessions: '3',
    });
    expect(answer.status).toBe(204);
    expect(standin.user(id)?.Policy).toMatchObject({
      EnableAllFolders: false,
      EnabledFolders: [library],
      SyncPlayAccess: 'JoinGroups',
      BlockUnratedItems: ['Movie', 'Series'],
      MaxActiveSessions: 3,
    });
  });

});

describe('stand-in policy fields per version', () => {
  it('keeps only the fields the version knows', async () => {
    const { standin, id, post } = await withUser('10.8');
    await post({ ...PROVIDERS, EnableCollectionManagement: true, AllowedTags: ['x'], MaxParentalSubRating: 3 });
    const policy = standin.user(id)?.Policy ?? {};
    expect(policy).not.toHaveProperty('EnableCollectionManagement');
    expect(policy).not.toHaveProperty('AllowedTags');
    expect(policy).not.toHaveProperty('MaxParentalSubRating');
  });

  it('shows MaxParentalSubRating on 10.11 only once it is set', async () => {
    const { standin, id, post } = await withUser('10.11');
    expect(standin.user(id)?.Policy).not.toHaveProperty('MaxParentalSubRating');
    await post({ ...PROVIDERS, MaxParentalRating: 13, MaxParentalSubRating: 2 });
    expect(standin.user(id)?.Policy).toMatchObject({ MaxParentalRating: 13, MaxParentalSubRating: 2 });
  });

  it('stores LoginAttemptsBeforeLockout 0 as 3, numbers the access schedules and ignores the legacy blocked lists', async () => {
    const { standin, id, post } = await withUser();
    const schedule = { DayOfWeek: 'weekday', StartHour: 8, EndHour: 20.5, Id: 99 };
    await post({ ...PROVIDERS, LoginAttemptsBeforeLockout: 0, AccessSchedules: [schedule], BlockedChannels: [standin.libraries()[0].Id] });
    const policy = standin.user(id)?.Policy ?? {};
    expect(policy.LoginAttemptsBeforeLockout).toBe(3);
    expect(policy.AccessSchedules).toEqual([{ Id: expect.any(Number), UserId: id, DayOfWeek: 'Weekday', StartHour: 8, EndHour: 20.5 }]);
    expect(policy.BlockedChannels).toEqual([]);
  });

  it('keeps fields the server knows beyond the contract (extraPolicyFields) with their defaults', async () => {
    const { standin, id, post } = await withUser('10.11', { extraPolicyFields: { EnableFutureThing: true, FutureTags: [] } });
    expect(standin.user(id)?.Policy).toMatchObject({ EnableFutureThing: true, FutureTags: [] });
    await post({ ...PROVIDERS, EnableFutureThing: false, FutureTags: ['a'] });
    expect(standin.user(id)?.Policy).toMatchObject({ EnableFutureThing: false, FutureTags: ['a'] });
    await post({ ...PROVIDERS });
    expect(standin.user(id)?.Policy).toMatchObject({ EnableFutureThing: true, FutureTags: [] });
    expect((await post({ ...PROVIDERS, FutureTags: null })).status).toBe(400);
  });
});

describe('stand-in policy validation', () => {
  it.each(MODERN)('requires both provider ids with a 400 problem on %s', async (version) => {
    const { standin, id, post } = await withUser(version);
    const before = standin.user(id)?.Policy;
    const bodies = [
      { IsHidden: false },
      { ...PROVIDERS, PasswordResetProviderId: '' },
      { ...PROVIDERS, AuthenticationProviderId: '  ' },
      { AuthenticationProviderId: PROVIDERS.AuthenticationProviderId },
    ];
    for (const body of bodies) {
      const answer = await post(body);
      expect(answer.status).toBe(400);
      expect(answer.contentType).toMatch(/^application\/problem\+json/);
    }
    expect(standin.user(id)?.Policy).toEqual(before);
  });

  it('lets 10.8 fail with a 500 at the database when a provider id is missing', async () => {
    const { standin, id, post } = await withUser('10.8');
    const before = standin.user(id)?.Policy;
    expect((await post({ IsHidden: false })).status).toBe(500);
    expect(standin.user(id)?.Policy).toEqual(before);
  });

  it('answers null arrays with 400, null AccessSchedules with 500, and treats null BlockUnratedItems as []', async () => {
    const { standin, id, post } = await withUser();
    for (const field of ['BlockedTags', 'AllowedTags', 'EnabledFolders', 'EnabledChannels', 'EnabledDevices', 'EnableContentDeletionFromFolders']) {
      const answer = await post({ ...PROVIDERS, [field]: null });
      expect(answer, field).toMatchObject({ status: 400, text: 'Error processing request.' });
    }
    expect((await post({ ...PROVIDERS, AccessSchedules: null })).status).toBe(500);
    expect((await post({ ...PROVIDERS, BlockUnratedItems: null, IsHidden: false })).status).toBe(204);
    expect(standin.user(id)?.Policy).toMatchObject({ BlockUnratedItems: [], IsHidden: false });
  });

  it('answers unconvertible values (a bad GUID, a string for a bool) with a 400 problem', async () => {
    const { post } = await withUser();
    expect((await post({ ...PROVIDERS, EnabledFolders: ['not-a-guid'] })).status).toBe(400);
    expect((await post({ ...PROVIDERS, IsHidden: 'yes' })).status).toBe(400);
    expect((await post({ ...PROVIDERS, SyncPlayAccess: 'Sometimes' })).status).toBe(400);
    expect((await post([])).status).toBe(400);
  });

  it.each([
    ['10.8', 500],
    ['10.9', 404],
    ['10.11', 404],
  ] as const)('answers an unknown user on %s with %i', async (version, status) => {
    const { standin, token } = await startWithAdmin({ version });
    const answer = await call(standin, 'POST', `/Users/${'3'.repeat(32)}/Policy`, { token, body: { ...PROVIDERS } });
    expect(answer.status).toBe(status);
  });

  it('is for administrators only', async () => {
    const { standin, post } = await withUser();
    const alice = await login(standin, 'alice', 'pw', 'alice-device');
    expect(await post({ ...PROVIDERS }, alice)).toMatchObject({ status: 403, text: '' });
  });
});

describe('stand-in policy rules that keep the server usable', () => {
  it('refuses to remove the last administrator', async () => {
    const { standin, token } = await startWithAdmin();
    const adminId = standin.user(ADMIN.name)?.Id;
    const policy = { ...standin.user(ADMIN.name)?.Policy, IsAdministrator: false };
    const answer = await call(standin, 'POST', `/Users/${adminId}/Policy`, { token, body: policy });
    expect(answer.status).toBe(403);
    expect(answer.json()).toBe('There must be at least one user in the system with administrative access.');
  });

  it('refuses to disable an administrator', async () => {
    const { standin, token } = await startWithAdmin();
    const second = standin.addUser('root', { password: 'pw', admin: true });
    const policy = { ...standin.user(second)?.Policy, IsDisabled: true };
    const answer = await call(standin, 'POST', `/Users/${second}/Policy`, { token, body: policy });
    expect(answer.status).toBe(403);
    expect(answer.json()).toBe('Administrators cannot be disabled.');
  });

  it('refuses to disable the last enabled user', async () => {
    const { standin, token } = await startWithAdmin();
    const key = standin.createApiKey('tests');
    const adminId = standin.user(ADMIN.name)?.Id as string;
    const alice = await createUser(standin, token, 'alice');
    // An administrator can only end up disabled by locking themselves out.
    const adminPolicy = { ...standin.user(adminId)?.Policy, LoginAttemptsBeforeLockout: 1 };
    expect((await call(standin, 'POST', `/Users/${adminId}/Policy`, { token, body: adminPolicy })).status).toBe(204);
    await call(standin, 'POST', '/Users/AuthenticateByName', { body: { Username: ADMIN.name, Pw: 'wrong' } });
    expect(standin.user(adminId)?.Policy.IsDisabled).toBe(true);
    const answer = await call(standin, 'POST', `/Users/${alice}/Policy`, { token: key, body: { ...PROVIDERS, IsDisabled: true } });
    expect(answer.status).toBe(403);
    expect(answer.json()).toBe('There must be at least one enabled user in the system.');
    expect(standin.user(alice)?.Policy.IsDisabled).toBe(false);
  });

  it('revokes the disabled user’s tokens but not the caller’s', async () => {
    const { standin, token, id, post } = await withUser();
    const alice = await login(standin, 'alice', 'pw', 'alice-device');
    expect((await post({ ...PROVIDERS, IsDisabled: true })).status).toBe(204);
    expect((await call(standin, 'GET', '/Users', { token: alice })).status).toBe(401);
    expect((await call(standin, 'GET', '/Users', { token })).status).toBe(200);
    await post({ ...PROVIDERS, IsDisabled: false });
    expect((await call(standin, 'GET', '/Users', { token: alice })).status).toBe(401);
    expect(standin.user(id)?.Policy.IsDisabled).toBe(false);
  });
});
