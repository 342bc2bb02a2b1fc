import { describe, expect, it } from 'vitest';
import { DEFAULT_AUTHENTICATION_PROVIDER, DEFAULT_PASSWORD_RESET_PROVIDER } from '../../src/jellyfin/policy.ts';
import type { JfPolicy } from '../../src/jellyfin/types.ts';
import { clientFor, startStandin } from './client/setup.ts';

const EXTRA = { FutureToggle: false, FutureLimits: [] as number[] };

function nullArrays(body: unknown): string[] {
  return Object.entries(body as Record<string, unknown>)
    .filter(([, value]) => value === null)
    .map(([key]) => key);
}

describe.each(['10.8', '10.11'] as const)('policy, configuration and display preferences on %s', (version) => {
  it('a profile round-trip keeps a policy field the client does not know, sends no nulls, always sends provider ids', async () => {
    const standin = await startStandin({ version, extraPolicyFields: EXTRA });
    const sourceId = standin.addUser('template', { policy: { FutureToggle: true, FutureLimits: [3], EnableAllFolders: false } });
    const targetId = standin.addUser('olga');
    const client = clientFor(standin);
    const source = await client.getUser(sourceId);
    expect(source?.Policy).toMatchObject({ FutureToggle: true, FutureLimits: [3] });

    const profile: JfPolicy = { ...source!.Policy, BlockedTags: null as unknown as string[], MaxParentalRating: null as unknown as number };
    delete profile.AuthenticationProviderId;
    delete profile.PasswordResetProviderId;
    await client.applyProfile(targetId, { policy: profile });

    const [sent] = standin.requestsTo('POST /Users/{id}/Policy');
    expect(sent.status).toBe(204);
    expect(nullArrays(sent.body)).toEqual([]);
    expect(sent.body).toMatchObject({
      FutureToggle: true,
      FutureLimits: [3],
      BlockedTags: [],
      EnableAllFolders: false,
      IsDisabled: false,
      InvalidLoginAttemptCount: 0,
      AuthenticationProviderId: DEFAULT_AUTHENTICATION_PROVIDER,
      PasswordResetProviderId: DEFAULT_PASSWORD_RESET_PROVIDER,
    });
    expect(standin.user(targetId)?.Policy).toMatchObject({ FutureToggle: true, FutureLimits: [3], EnableAllFolders: false });
  });

  it('setPolicy fills in missing provider ids and de-nulls arrays so the server accepts it', async () => {
    const standin = await startStandin({ version });
    const id = standin.addUser('pia');
    const client = clientFor(standin);
    const user = await client.getUser(id);
    const policy: JfPolicy = { ...user!.Policy, EnabledFolders: null as unknown as string[], AccessSchedules: null };
    delete policy.AuthenticationProviderId;
    policy.PasswordResetProviderId = '';
    await client.setPolicy(id, policy);
    const [sent] = standin.requestsTo('POST /Users/{id}/Policy');
    expect(sent.status).toBe(204);
    expect(nullArrays(sent.body)).toEqual([]);
    expect(sent.body).toMatchObject({
      EnabledFolders: [],
      AccessSchedules: [],
      AuthenticationProviderId: DEFAULT_AUTHENTICATION_PROVIDER,
      PasswordResetProviderId: DEFAULT_PASSWORD_RESET_PROVIDER,
    });
  });

  it('applying a profile keeps the target user\'s own provider ids', async () => {
    const standin = await startStandin({ version });
    const ldap = { AuthenticationProviderId: 'Ldap.Auth', PasswordResetProviderId: 'Ldap.Reset' };
    const id = standin.addUser('quinn', { policy: ldap });
    const client = clientFor(standin);
    await client.applyProfile(id, { policy: { EnableRemoteAccess: false, AuthenticationProviderId: 'Other', PasswordResetProviderId: 'Other' } });
    expect(standin.requestsTo('POST /Users/{id}/Policy')[0].body).toMatchObject({ ...ldap, EnableRemoteAccess: false });
  });

  it('updatePolicy is a read-modify-write that keeps unknown fields', async () => {
    const standin = await startStandin({ version, extraPolicyFields: EXTRA });
    const id = standin.addUser('rae', { policy: { FutureToggle: true } });
    const client = clientFor(standin);
    await client.updatePolicy(id, (policy) => ({ ...policy, IsDisabled: true }));
    const stored = standin.user(id)?.Policy;
    expect(stored).toMatchObject({ IsDisabled: true, FutureToggle: true, IsHidden: true, EnableAllFolders: true });
  });

  it('configuration round-trip keeps unknown fields and never sends null arrays', async () => {
    const standin = await startStandin({ version, extraConfigurationFields: { FutureTheme: 'light' } });
    const sourceId = standin.addUser('src', { configuration: { FutureTheme: 'dark', SubtitleMode: 'Always' } });
    const targetId = standin.addUser('sam');
    const client = clientFor(standin);
    const source = await client.getUser(sourceId);
    await client.applyProfile(targetId, { configuration: { ...source!.Configuration, OrderedViews: null } });
    const [sent] = standin.requestsTo('POST /Users/{id}/Configuration');
    expect(sent.status).toBe(204);
    expect(nullArrays(sent.body)).toEqual([]);
    expect(sent.body).toMatchObject({ OrderedViews: [], FutureTheme: 'dark', SubtitleMode: 'Always' });
    expect(standin.user(targetId)?.Configuration).toMatchObject({ FutureTheme: 'dark', SubtitleMode: 'Always' });
  });

  it('display preferences are copied whole through usersettings?userId=&client=emby, CustomPrefs verbatim', async () => {
    const standin = await startStandin({ version });
    const sourceId = standin.addUser('tess');
    const targetId = standin.addUser('uma');
    const client = clientFor(standin);
    const prefs = await client.getDisplayPreferences(sourceId);
    prefs.CustomPrefs = { ...prefs.CustomPrefs, homesection0: 'resume', 'doorman-note': 'kept as is', tvhome: null };
    await client.setDisplayPreferences(targetId, prefs);
    const [get] = standin.requestsTo('GET /DisplayPreferences/{id}');
    const [post] = standin.requestsTo('POST /DisplayPreferences/{id}');
    expect(get.path.endsWith('/DisplayPreferences/usersettings')).toBe(true);
    expect(get.query).toEqual({ userId: sourceId, client: 'emby' });
    expect(post.query).toEqual({ userId: targetId, client: 'emby' });
    expect(post.status).toBe(204);
    expect((post.body as { CustomPrefs: unknown }).CustomPrefs).toEqual(prefs.CustomPrefs);
    expect(standin.displayPreferences(targetId, 'emby')?.CustomPrefs).toMatchObject({ homesection0: 'resume', 'doorman-note': 'kept as is' });
  });
});
