import { afterEach, describe, expect, it } from 'vitest';
import { startCoreHarness, type CoreHarness } from '../support/core-harness.ts';

/**
 * Acceptance (a): a profile captured from a hand-made template user gives every new user exactly
 * that policy (a field Doorman does not know included), that configuration and those display
 * preferences — checked on the bodies the stand-in received and on its stored state.
 */
describe.each(['10.8', '10.11'] as const)('a captured profile on Jellyfin %s', (version) => {
  let harness: CoreHarness;
  afterEach(async () => {
    await harness?.close();
  });

  async function seedTemplate(h: CoreHarness) {
    const [movies, shows, music] = h.standin.libraries();
    const templateId = h.standin.addUser('Template', {
      password: 'template-password',
      policy: {
        EnableAllFolders: false,
        EnabledFolders: [movies.Id, shows.Id],
        EnableContentDownloading: false,
        MaxActiveSessions: 2,
        EnableHolodeckAccess: true,
      },
      configuration: {
        SubtitleMode: 'Always',
        SubtitleLanguagePreference: 'fre',
        HidePlayedInLatest: false,
        OrderedViews: [shows.Id, movies.Id],
        MyMediaExcludes: [music.Id],
      },
    });
    h.standin.setDisplayPreferences(templateId, 'emby', {
      SortBy: 'DateCreated',
      CustomPrefs: { homesection0: 'resume', homesection1: 'latestmedia', skipForwardLength: '15000', 'doorman-test': 'kept verbatim' },
    });
    return { templateId, enabled: [movies.Id, shows.Id] };
  }

  it('every new user gets exactly the template policy, configuration and display preferences', async () => {
    harness = await startCoreHarness({ standin: { version, extraPolicyFields: { EnableHolodeckAccess: false } } });
    const { standin, services } = harness;
    const { templateId, enabled } = await seedTemplate(harness);
    await services.profiles.capture({ name: 'Friends', from: 'template', homescreen: true });
    const invite = await services.invites.create({ uses: 2, profile: 'friends' });
    standin.clearRequests();

    const created = [];
    for (const username of ['alice', 'bob']) created.push((await services.signup.signup(invite.code, { username, password: 'Secret123' })).user);

    const template = standin.user(templateId)!;
    expect(template.Policy).toMatchObject({ EnableAllFolders: false, EnableContentDownloading: false, MaxActiveSessions: 2, EnableHolodeckAccess: true });
    const templatePrefs = standin.displayPreferences(templateId, 'emby')!;
    const policyBodies = standin.requestsTo('POST /Users/{id}/Policy');
    const configurationBodies = standin.requestsTo('POST /Users/{id}/Configuration');
    const prefsBodies = standin.requestsTo('POST /DisplayPreferences/{id}');
    expect([policyBodies.length, configurationBodies.length, prefsBodies.length]).toEqual([2, 2, 2]);

    created.forEach((user, index) => {
      const policySent = policyBodies[index].body as Record<string, unknown>;
      expect(policyBodies[index].path.toLowerCase()).toContain(user.id);
      expect(policySent).toEqual(template.Policy);
      expect(policySent.EnabledFolders).toEqual(enabled);
      expect(policySent.AuthenticationProviderId).toBeTruthy();
      expect(policySent.PasswordResetProviderId).toBeTruthy();
      expect(configurationBodies[index].body).toEqual(template.Configuration);
      expect(prefsBodies[index].query).toMatchObject({ userId: user.id, client: 'emby' });
      expect((prefsBodies[index].body as { CustomPrefs: unknown }).CustomPrefs).toEqual(templatePrefs.CustomPrefs);

      const stored = standin.user(user.id)!;
      expect(stored.Policy).toEqual(template.Policy);
      expect(stored.Configuration).toEqual(template.Configuration);
      const { Id: _ignoredId, ...prefsWithoutId } = standin.displayPreferences(user.id, 'emby')!;
      const { Id: _templateId, ...templatePrefsWithoutId } = templatePrefs;
      expect(prefsWithoutId).toEqual(templatePrefsWithoutId);
    });
  });
});
