import { describe, expect, it } from 'vitest';
import { ADMIN, MODERN, VERSIONS, call, createUser, hyphenate, login, startWithAdmin } from './standin/helpers.ts';

const FRESH_PREFS = {
  chromecastVersion: 'stable',
  skipForwardLength: '30000',
  skipBackLength: '10000',
  enableNextVideoInfoOverlay: 'True',
  tvhome: null,
  dashboardTheme: null,
};

async function withAlice(version: (typeof VERSIONS)[number] = '10.11') {
  const { standin, token } = await startWithAdmin({ version });
  const id = await createUser(standin, token, 'alice', 'pw');
  const path = `/DisplayPreferences/usersettings?userId=${id}&client=emby`;
  return { standin, token, id, path };
}

describe('stand-in display preferences', () => {
  it.each(VERSIONS)('creates the record with its defaults on the first GET on %s', async (version) => {
    const { standin, token, id, path } = await withAlice(version);
    expect(standin.displayPreferences(id)).toBeUndefined();
    const answer = await call(standin, 'GET', path, { token });
    expect(answer.status).toBe(200);
    const dto = answer.json();
    expect(dto).toStrictEqual({
      Id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      SortBy: 'SortName',
      RememberIndexing: false,
      PrimaryImageHeight: 250,
      PrimaryImageWidth: 250,
      CustomPrefs: FRESH_PREFS,
      ScrollDirection: 'Horizontal',
      ShowBackdrop: true,
      RememberSorting: false,
      SortOrder: 'Ascending',
      ShowSidebar: false,
      Client: 'emby',
    });
    expect(standin.displayPreferences(id)).toStrictEqual(dto);
    expect((await call(standin, 'GET', path, { token })).json().Id).toBe(dto.Id);
  });

  it('uses a GUID preferences id as it is, hyphenated in the answer', async () => {
    const { standin, token, id } = await withAlice();
    const guid = 'ab'.repeat(16);
    const dto = (await call(standin, 'GET', `/DisplayPreferences/${guid}?userId=${id}&client=emby`, { token })).json();
    expect(dto.Id).toBe(hyphenate(guid));
  });

});

describe('stand-in display preferences storage', () => {
  it('stores CustomPrefs verbatim apart from the keys it pulls out', async () => {
    const { standin, token, id, path } = await withAlice();
    const body = {
      CustomPrefs: {
        chromecastVersion: 'Unstable',
        enableNextVideoInfoOverlay: 'false',
        skipBackLength: '15000',
        homesection0: 'LatestMedia',
        homesection1: 'nonsense',
        'landing-abc': 'Movies',
        'landing-def': 'bogus',
        myClientKey: 'anything at all',
        nullable: null,
      },
      SortBy: null,
      ScrollDirection: 'vertical',
      Id: 'ignored',
      Client: 'ignored',
    };
    const answer = await call(standin, 'POST', path, { token, body });
    expect(answer).toMatchObject({ status: 204, text: '' });
    const dto = (await call(standin, 'GET', path, { token })).json();
    expect(dto.CustomPrefs).toStrictEqual({
      chromecastVersion: 'unstable',
      skipForwardLength: '30000',
      skipBackLength: '15000',
      enableNextVideoInfoOverlay: 'False',
      tvhome: '',
      dashboardTheme: '',
      homesection0: 'latestmedia',
      homesection1: 'resume',
      'landing-abc': 'Movies',
      myClientKey: 'anything at all',
      nullable: null,
    });
    expect(dto).toMatchObject({ SortBy: 'SortName', ScrollDirection: 'Vertical', Client: 'emby' });
    expect(standin.displayPreferences(id)).toStrictEqual(dto);
  });

});

describe('stand-in display preferences between users', () => {
  it('copies one user’s preferences to another the way jfa-go does', async () => {
    const { standin, token, id, path } = await withAlice();
    const bob = await createUser(standin, token, 'bob');
    await call(standin, 'POST', path, { token, body: { CustomPrefs: { homesection0: 'nextup', custom: 'x' } } });
    const source = (await call(standin, 'GET', path, { token })).json();
    const target = `/DisplayPreferences/usersettings?userId=${bob}&client=emby`;
    expect((await call(standin, 'POST', target, { token, body: source })).status).toBe(204);
    expect((await call(standin, 'GET', target, { token })).json().CustomPrefs).toStrictEqual(source.CustomPrefs);
    expect(id).not.toBe(bob);
  });

});

describe('stand-in display preferences refusals and owners', () => {
  it.each([
    [{ chromecastVersion: 'beta' }, 400],
    [{ enableNextVideoInfoOverlay: 'yes' }, 500],
    [{ skipBackLength: 'ten' }, 500],
    [{ skipForwardLength: '1.5' }, 500],
    [{ homesectionX: 'resume' }, 500],
  ])('refuses CustomPrefs %j with %i and stores nothing', async (prefs, status) => {
    const { standin, token, id, path } = await withAlice();
    const answer = await call(standin, 'POST', path, { token, body: { CustomPrefs: { ...prefs, keep: 'no' } } });
    expect(answer).toMatchObject({ status, text: 'Error processing request.' });
    expect(standin.displayPreferences(id)).toBeUndefined();
  });

  it('answers CustomPrefs null with 500 and a non-string value with a 400 problem', async () => {
    const { standin, token, path } = await withAlice();
    expect((await call(standin, 'POST', path, { token, body: { CustomPrefs: null } })).status).toBe(500);
    const numeric = await call(standin, 'POST', path, { token, body: { CustomPrefs: { skipBackLength: 5 } } });
    expect(numeric.status).toBe(400);
    expect(numeric.contentType).toMatch(/problem\+json/);
  });

  it('requires client everywhere and userId on 10.8 (400 problems)', async () => {
    for (const version of VERSIONS) {
      const { standin, token, id } = await withAlice(version);
      expect((await call(standin, 'GET', `/DisplayPreferences/usersettings?userId=${id}`, { token })).status).toBe(400);
      const withoutUser = await call(standin, 'GET', '/DisplayPreferences/usersettings?client=emby', { token });
      expect(withoutUser.status, version).toBe(version === '10.8' ? 400 : 200);
    }
  });

  it.each(MODERN)('defaults userId to the caller and keeps non-admins to their own on %s', async (version) => {
    const { standin, token, id } = await withAlice(version);
    const alice = await login(standin, 'alice', 'pw', 'alice-device');
    await call(standin, 'GET', '/DisplayPreferences/usersettings?client=emby', { token: alice });
    expect(standin.displayPreferences(id)).toBeDefined();
    const adminId = standin.user(ADMIN.name)?.Id;
    const other = await call(standin, 'GET', `/DisplayPreferences/usersettings?userId=${adminId}&client=emby`, { token: alice });
    expect(other.status).toBe(403);
    const key = standin.createApiKey('tests');
    expect((await call(standin, 'GET', '/DisplayPreferences/usersettings?client=emby', { token: key })).status).toBe(500);
  });

  it('seeds preferences without HTTP with the same rules', async () => {
    const { standin, token, id, path } = await withAlice();
    standin.setDisplayPreferences(id, 'emby', { CustomPrefs: { homesection0: 'resume', mine: '1' } });
    expect((await call(standin, 'GET', path, { token })).json().CustomPrefs).toMatchObject({ homesection0: 'resume', mine: '1' });
    expect(() => standin.setDisplayPreferences(id, 'emby', { CustomPrefs: { chromecastVersion: 'x' } })).toThrow(/400/);
  });
});

describe('stand-in libraries', () => {
  it.each(VERSIONS)('gives VirtualFolders ItemId = MediaFolders Id on %s', async (version) => {
    const { standin, token } = await startWithAdmin({ version });
    const virtual = (await call(standin, 'GET', '/Library/VirtualFolders', { token })).json();
    const media = (await call(standin, 'GET', '/Library/MediaFolders', { token })).json();
    expect(media.TotalRecordCount).toBe(3);
    expect(virtual.map((folder: { ItemId: string }) => folder.ItemId)).toEqual(media.Items.map((item: { Id: string }) => item.Id));
    expect(virtual.map((folder: { Name: string }) => folder.Name)).toEqual(['Movies', 'Shows', 'Music']);
    expect(standin.libraries()).toEqual(media.Items.map((item: { Id: string; Name: string }) => ({ Id: item.Id, Name: item.Name })));
    for (const item of media.Items) expect(item).toMatchObject({ Type: 'CollectionFolder', IsFolder: true, Id: expect.stringMatching(/^[0-9a-f]{32}$/) });
  });

  it.each([
    ['10.8', ['Movies', 'TvShows', undefined]],
    ['10.9', ['movies', 'tvshows', undefined]],
    ['10.11', ['movies', 'tvshows', undefined]],
  ] as const)('writes CollectionType in the casing of %s', async (version, types) => {
    const libraries = [
      { name: 'Films', collectionType: 'movies' },
      { name: 'Series', collectionType: 'TVSHOWS' },
      { name: 'Stuff', collectionType: 'mixed' },
    ];
    const { standin, token } = await startWithAdmin({ version, libraries });
    const virtual = (await call(standin, 'GET', '/Library/VirtualFolders', { token })).json();
    expect(virtual.map((folder: { CollectionType?: string }) => folder.CollectionType)).toEqual(types);
    const media = (await call(standin, 'GET', '/Library/MediaFolders', { token })).json();
    expect(media.Items.map((item: { CollectionType?: string }) => item.CollectionType)).toEqual(types);
  });

  it('accepts library ids in EnabledFolders', async () => {
    const { standin, token } = await startWithAdmin();
    const id = await createUser(standin, token, 'alice');
    const [movies] = standin.libraries();
    const policy = { ...standin.user(id)?.Policy, EnableAllFolders: false, EnabledFolders: [movies.Id] };
    expect((await call(standin, 'POST', `/Users/${id}/Policy`, { token, body: policy })).status).toBe(204);
    expect(standin.user(id)?.Policy.EnabledFolders).toEqual([movies.Id]);
  });
});
