import { describe, expect, it } from 'vitest';
import { newUserConfiguration } from './standin/expected.ts';
import { ADMIN, MODERN, VERSIONS, call, createUser, hyphenate, login, startWithAdmin } from './standin/helpers.ts';

type Version = (typeof VERSIONS)[number];

async function withAlice(version: Version = '10.11') {
  const { standin, token } = await startWithAdmin({ version });
  const id = await createUser(standin, token, 'alice', 'pw');
  const alice = await login(standin, 'alice', 'pw', 'alice-device');
  return { standin, token, id, alice };
}

async function update(version: Version, mutate: (dto: Record<string, any>) => void) {
  const context = await withAlice(version);
  const dto = (await call(context.standin, 'GET', `/Users/${context.id}`, { token: context.token })).json();
  mutate(dto);
  const answer = await call(context.standin, 'POST', `/Users/${context.id}`, { token: context.token, body: dto });
  return { ...context, answer };
}

describe('stand-in configuration', () => {
  it.each(VERSIONS)('replaces the whole configuration through /Users/{id}/Configuration on %s', async (version) => {
    const { standin, token, id } = await withAlice(version);
    await call(standin, 'POST', `/Users/${id}/Configuration`, { token, body: { ...newUserConfiguration(version), HidePlayedInLatest: false } });
    const answer = await call(standin, 'POST', `/Users/${id}/Configuration`, { token, body: { subtitlemode: 'always', AudioLanguagePreference: 'fre' } });
    expect(answer.status).toBe(204);
    const expected = { ...newUserConfiguration(version), SubtitleMode: 'Always', AudioLanguagePreference: 'fre' };
    expect(standin.user(id)?.Configuration).toEqual(expected);
  });

  it.each(MODERN)('offers POST /Users/Configuration?userId= on %s', async (version) => {
    const { standin, token, id, alice } = await withAlice(version);
    expect((await call(standin, 'POST', `/Users/Configuration?userId=${id}`, { token, body: { DisplayMissingEpisodes: true } })).status).toBe(204);
    expect(standin.user(id)?.Configuration.DisplayMissingEpisodes).toBe(true);
    expect((await call(standin, 'POST', '/Users/Configuration', { token: alice, body: { DisplayMissingEpisodes: false } })).status).toBe(204);
    expect(standin.user(id)?.Configuration.DisplayMissingEpisodes).toBe(false);
    const key = standin.createApiKey('tests');
    expect((await call(standin, 'POST', '/Users/Configuration', { token: key, body: {} })).status).toBe(400);
  });

  it('keeps configuration fields the server knows beyond the contract (extraConfigurationFields)', async () => {
    const { standin, token } = await startWithAdmin({ extraConfigurationFields: { EnableFutureMode: false } });
    const id = await createUser(standin, token, 'alice');
    expect((await call(standin, 'GET', `/Users/${id}`, { token })).json().Configuration.EnableFutureMode).toBe(false);
    await call(standin, 'POST', `/Users/${id}/Configuration`, { token, body: { enablefuturemode: true } });
    expect(standin.user(id)?.Configuration.EnableFutureMode).toBe(true);
    await call(standin, 'POST', `/Users/${id}/Configuration`, { token, body: {} });
    expect(standin.user(id)?.Configuration.EnableFutureMode).toBe(false);
  });

  it('changes CastReceiverId only to a configured receiver', async () => {
    const { standin, token, id } = await withAlice('10.10');
    const post = (body: unknown) => call(standin, 'POST', `/Users/${id}/Configuration`, { token, body });
    await post({ CastReceiverId: 'NOPE' });
    expect(standin.user(id)?.Configuration.CastReceiverId).toBe('F007D354');
    await post({ CastReceiverId: '6F511C87' });
    await post({});
    expect(standin.user(id)?.Configuration.CastReceiverId).toBe('6F511C87');
  });

  it('stores id arrays as GUIDs from 10.9 and as plain strings on 10.8', async () => {
    for (const [version, expected] of [['10.8', 'some-view'], ['10.9', null]] as const) {
      const { standin, token, id } = await withAlice(version);
      const library = standin.libraries()[0].Id;
      const views = version === '10.8' ? ['some-view'] : [hyphenate(library)];
      expect((await call(standin, 'POST', `/Users/${id}/Configuration`, { token, body: { OrderedViews: views } })).status).toBe(204);
      expect(standin.user(id)?.Configuration.OrderedViews).toEqual([expected ?? library]);
    }
    const { standin, token, id } = await withAlice('10.9');
    expect((await call(standin, 'POST', `/Users/${id}/Configuration`, { token, body: { OrderedViews: ['x'] } })).status).toBe(400);
  });

});

describe('stand-in configuration refusals', () => {
  it('answers null arrays with 400 and leaves the configuration alone', async () => {
    const { standin, token, id } = await withAlice();
    for (const field of ['GroupedFolders', 'OrderedViews', 'LatestItemsExcludes', 'MyMediaExcludes']) {
      const answer = await call(standin, 'POST', `/Users/${id}/Configuration`, { token, body: { [field]: null, HidePlayedInLatest: false } });
      expect(answer, field).toMatchObject({ status: 400, text: 'Error processing request.' });
    }
    expect(standin.user(id)?.Configuration.HidePlayedInLatest).toBe(true);
  });

  it('lets a user change their own configuration but not someone else’s', async () => {
    const { standin, token, id, alice } = await withAlice('10.9');
    const bob = await createUser(standin, token, 'bob', 'pw');
    expect((await call(standin, 'POST', `/Users/${id}/Configuration`, { token: alice, body: {} })).status).toBe(204);
    const other = await call(standin, 'POST', `/Users/${bob}/Configuration`, { token: alice, body: {} });
    expect(other.status).toBe(403);
    expect(other.json()).toBe('User configuration update not allowed');
    const policy = { ...standin.user(id)?.Policy, EnableUserPreferenceAccess: false };
    await call(standin, 'POST', `/Users/${id}/Policy`, { token, body: policy });
    expect((await call(standin, 'POST', `/Users/${id}/Configuration`, { token: alice, body: {} })).status).toBe(403);
  });

  it.each(MODERN)('answers an unknown user with a 404 problem on %s', async (version) => {
    const { standin, token } = await startWithAdmin({ version });
    const answer = await call(standin, 'POST', `/Users/${'4'.repeat(32)}/Configuration`, { token, body: {} });
    expect(answer.status).toBe(404);
    expect(answer.contentType).toMatch(/problem\+json/);
  });
});

describe('stand-in user update (POST /Users/{id})', () => {
  it.each(VERSIONS)('renames, applies the configuration in full and ignores the policy on %s', async (version) => {
    const { standin, id, answer } = await update(version, (dto) => {
      dto.Name = 'alicia';
      dto.Configuration = { SubtitleMode: 'Smart' };
      dto.Policy.IsAdministrator = true;
    });
    expect(answer.status).toBe(204);
    expect(standin.user(id)).toMatchObject({ Name: 'alicia', Configuration: { ...newUserConfiguration(version), SubtitleMode: 'Smart' } });
    expect(standin.user(id)?.Policy.IsAdministrator).toBe(false);
  });

  it.each([
    ['10.10', 204, 'Alice'],
    ['10.11', 400, 'alice'],
  ] as const)('treats a change of case only on %s with %i', async (version, status, name) => {
    const { standin, id, answer } = await update(version, (dto) => (dto.Name = 'Alice'));
    expect(answer.status).toBe(status);
    expect(standin.user(id)?.Name).toBe(name);
  });

});

describe('stand-in user update refusals and the query route', () => {
  it('refuses duplicate (case-insensitively on 10.11), invalid and missing names with an opaque 400', async () => {
    const duplicate = await update('10.11', (dto) => (dto.Name = 'ADMIN'));
    expect(duplicate.answer).toMatchObject({ status: 400, text: 'Error processing request.' });
    const sameCaseDuplicate = await update('10.10', (dto) => (dto.Name = ADMIN.name));
    expect(sameCaseDuplicate.answer.status).toBe(400);
    const differentCase = await update('10.10', (dto) => (dto.Name = 'ADMIN'));
    expect(differentCase.answer.status).toBe(204);
    expect((await update('10.11', (dto) => (dto.Name = 'a/b'))).answer.status).toBe(400);
    expect((await update('10.11', (dto) => delete dto.Name)).answer.status).toBe(400);
  });

  it('resets the configuration to the defaults when it is left out', async () => {
    const { standin, token, id } = await withAlice();
    await call(standin, 'POST', `/Users/${id}/Configuration`, { token, body: { HidePlayedInLatest: false } });
    const dto = (await call(standin, 'GET', `/Users/${id}`, { token })).json();
    delete dto.Configuration;
    expect((await call(standin, 'POST', `/Users/${id}`, { token, body: dto })).status).toBe(204);
    expect(standin.user(id)?.Configuration.HidePlayedInLatest).toBe(true);
  });

  it.each(MODERN)('validates the nested policy’s provider ids on %s (send the whole UserDto back)', async (version) => {
    const { answer } = await update(version, (dto) => delete dto.Policy);
    expect(answer.status).toBe(400);
    expect(answer.contentType).toMatch(/problem\+json/);
  });

  it('offers POST /Users?userId= from 10.9 and updates the caller without one', async () => {
    const { standin, token, id, alice } = await withAlice('10.9');
    const dto = (await call(standin, 'GET', `/Users/${id}`, { token })).json();
    expect((await call(standin, 'POST', `/Users?userId=${id}`, { token, body: { ...dto, Name: 'al' } })).status).toBe(204);
    expect((await call(standin, 'POST', '/Users', { token: alice, body: { ...dto, Name: 'ali' } })).status).toBe(204);
    expect(standin.user(id)?.Name).toBe('ali');
  });

  it('refuses another user’s update with 403 and an unknown one with 404 (10.9+) or 500 (10.8)', async () => {
    const { standin, token, alice } = await withAlice('10.9');
    const adminDto = (await call(standin, 'GET', '/Users/Me', { token })).json();
    const denied = await call(standin, 'POST', `/Users/${adminDto.Id}`, { token: alice, body: adminDto });
    expect(denied.status).toBe(403);
    expect(denied.json()).toBe('User update not allowed.');
    expect((await call(standin, 'POST', `/Users/${'5'.repeat(32)}`, { token, body: adminDto })).status).toBe(404);
    const old = await withAlice('10.8');
    expect((await call(old.standin, 'POST', `/Users/${'5'.repeat(32)}`, { token: old.token, body: adminDto })).status).toBe(500);
  });
});
