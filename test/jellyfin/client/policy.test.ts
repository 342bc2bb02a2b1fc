import { describe, expect, it } from 'vitest';
import {
  applyProfileConfiguration,
  applyProfilePolicy,
  DEFAULT_AUTHENTICATION_PROVIDER,
  DEFAULT_PASSWORD_RESET_PROVIDER,
  denull,
  displayPreferencesToSend,
  policyToSend,
  withProviderIds,
} from '../../../src/jellyfin/policy.ts';

const LDAP = 'Jellyfin.Plugin.LDAP_Auth.LdapAuthenticationProviderPlugin';
const LDAP_RESET = 'Jellyfin.Plugin.LDAP_Auth.LdapPasswordResetProvider';

describe('denull', () => {
  it('turns null array fields of a policy into []', () => {
    const out = denull({ BlockedTags: null, AccessSchedules: null, EnabledFolders: null, BlockUnratedItems: null, EnabledDevices: null });
    expect(out).toEqual({ BlockedTags: [], AccessSchedules: [], EnabledFolders: [], BlockUnratedItems: [], EnabledDevices: [] });
  });

  it('turns null array fields of a configuration into []', () => {
    const out = denull({ GroupedFolders: null, OrderedViews: null, LatestItemsExcludes: null, MyMediaExcludes: null });
    expect(out).toEqual({ GroupedFolders: [], OrderedViews: [], LatestItemsExcludes: [], MyMediaExcludes: [] });
  });

  it('recognises array fields whatever their case, as Jellyfin does', () => {
    expect(denull({ blockedtags: null })).toEqual({ blockedtags: [] });
  });

  it('leaves out other null values instead of sending them', () => {
    const out = denull({ MaxParentalRating: null, AudioLanguagePreference: null, IsHidden: false, Nothing: undefined });
    expect(out).toEqual({ IsHidden: false });
    expect('MaxParentalRating' in out).toBe(false);
  });

  it('keeps unknown fields and copies nested values', () => {
    const schedules = [{ DayOfWeek: 'Weekend', StartHour: 8, EndHour: 20 }];
    const input = { AccessSchedules: schedules, SomeFutureField: { Deep: [1, 2] } };
    const out = denull(input);
    expect(out).toEqual(input);
    expect(out.AccessSchedules).not.toBe(schedules);
  });
});

describe('withProviderIds and policyToSend', () => {
  it('fills in Jellyfin\'s default providers when missing or empty', () => {
    expect(withProviderIds({ AuthenticationProviderId: '' })).toEqual({
      AuthenticationProviderId: DEFAULT_AUTHENTICATION_PROVIDER,
      PasswordResetProviderId: DEFAULT_PASSWORD_RESET_PROVIDER,
    });
  });

  it('keeps providers that are set, and takes the fallback\'s before the defaults', () => {
    const out = withProviderIds({ AuthenticationProviderId: LDAP }, { PasswordResetProviderId: LDAP_RESET });
    expect(out).toEqual({ AuthenticationProviderId: LDAP, PasswordResetProviderId: LDAP_RESET });
  });

  it('policyToSend de-nulls and always carries both provider ids', () => {
    const out = policyToSend({ EnabledFolders: null as unknown as string[], PasswordResetProviderId: null as unknown as string });
    expect(out).toEqual({
      EnabledFolders: [],
      AuthenticationProviderId: DEFAULT_AUTHENTICATION_PROVIDER,
      PasswordResetProviderId: DEFAULT_PASSWORD_RESET_PROVIDER,
    });
  });
});

describe('applyProfilePolicy', () => {
  const profile = {
    IsAdministrator: false,
    EnableAllFolders: false,
    EnabledFolders: ['aaaa'],
    IsDisabled: true,
    InvalidLoginAttemptCount: 4,
    FieldOnlyTheProfileKnows: 'kept',
    BlockedTags: null,
    AuthenticationProviderId: 'Profile.Auth',
    PasswordResetProviderId: 'Profile.Reset',
  };

  it('lays the profile\'s whole policy over the target\'s, keeping the target\'s provider ids', () => {
    const current = {
      EnableAllFolders: true,
      EnabledFolders: [],
      MaxParentalSubRating: 7,
      AuthenticationProviderId: LDAP,
      PasswordResetProviderId: LDAP_RESET,
    };
    expect(applyProfilePolicy(current, profile)).toEqual({
      IsAdministrator: false,
      EnableAllFolders: false,
      EnabledFolders: ['aaaa'],
      MaxParentalSubRating: 7,
      FieldOnlyTheProfileKnows: 'kept',
      BlockedTags: [],
      AuthenticationProviderId: LDAP,
      PasswordResetProviderId: LDAP_RESET,
      IsDisabled: false,
      InvalidLoginAttemptCount: 0,
    });
  });

  it('falls back to the profile\'s provider ids, then to Jellyfin\'s defaults', () => {
    expect(applyProfilePolicy({}, profile)).toMatchObject({
      AuthenticationProviderId: 'Profile.Auth',
      PasswordResetProviderId: 'Profile.Reset',
    });
    expect(applyProfilePolicy({ AuthenticationProviderId: '' }, { EnableAllFolders: true })).toMatchObject({
      AuthenticationProviderId: DEFAULT_AUTHENTICATION_PROVIDER,
      PasswordResetProviderId: DEFAULT_PASSWORD_RESET_PROVIDER,
    });
  });

  it('lets a null in the profile clear the target\'s value (left out, so the server default applies)', () => {
    const out = applyProfilePolicy({ MaxParentalRating: 12 }, { MaxParentalRating: null });
    expect('MaxParentalRating' in out).toBe(false);
  });

  it('does not modify its inputs', () => {
    const current = { EnabledFolders: ['x'] };
    const copy = structuredClone(profile);
    applyProfilePolicy(current, profile);
    expect(profile).toEqual(copy);
    expect(current).toEqual({ EnabledFolders: ['x'] });
  });
});

describe('applyProfileConfiguration', () => {
  it('lays the profile over the target, keeping fields the profile lacks, never sending null arrays', () => {
    const current = { SubtitleMode: 'Default', CastReceiverId: 'F007D354', OrderedViews: ['a'] };
    const profile = { SubtitleMode: 'Always', OrderedViews: null, MyMediaExcludes: ['b'], AudioLanguagePreference: null };
    expect(applyProfileConfiguration(current, profile)).toEqual({
      SubtitleMode: 'Always',
      CastReceiverId: 'F007D354',
      OrderedViews: [],
      MyMediaExcludes: ['b'],
    });
  });
});

describe('displayPreferencesToSend', () => {
  it('keeps CustomPrefs verbatim, null values included', () => {
    const prefs = { Id: 'x', SortBy: 'SortName', IndexBy: null, CustomPrefs: { tvhome: null, homesection0: 'resume', 'my-key': 'v' } };
    expect(displayPreferencesToSend(prefs)).toEqual({
      Id: 'x',
      SortBy: 'SortName',
      CustomPrefs: { tvhome: null, homesection0: 'resume', 'my-key': 'v' },
    });
  });

  it('never sends a null CustomPrefs (the server answers 500)', () => {
    expect(displayPreferencesToSend({ CustomPrefs: null as unknown as Record<string, string> })).toEqual({ CustomPrefs: {} });
  });
});
