/**
 * The contract's default objects, spelled out independently of the stand-in's model so the tests
 * check the model against shared/jellyfin-api.md §3.3 and §3.8 rather than against itself.
 */
type Version = '10.8' | '10.9' | '10.10' | '10.11';

const AUTH = 'Jellyfin.Server.Implementations.Users.DefaultAuthenticationProvider';
const RESET = 'Jellyfin.Server.Implementations.Users.DefaultPasswordResetProvider';

const since109 = (version: Version) => version !== '10.8';

/** A new user's policy (§3.3), in output order. */
export function newUserPolicy(version: Version): Record<string, unknown> {
  return policy(version, { EnableLiveTvManagement: false, AuthenticationProviderId: AUTH, PasswordResetProviderId: RESET });
}

/** What a POST with only the provider ids stores: the UserPolicy constructor defaults (§3.8). */
export function constructorPolicy(version: Version): Record<string, unknown> {
  return policy(version, { EnableLiveTvManagement: true, AuthenticationProviderId: AUTH, PasswordResetProviderId: RESET });
}

function policy(version: Version, differences: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { IsAdministrator: false, IsHidden: true };
  if (since109(version)) Object.assign(result, { EnableCollectionManagement: false, EnableSubtitleManagement: false, EnableLyricManagement: false });
  result.IsDisabled = false;
  result.BlockedTags = [];
  if (since109(version)) result.AllowedTags = [];
  Object.assign(result, {
    EnableUserPreferenceAccess: true,
    AccessSchedules: [],
    BlockUnratedItems: [],
    EnableRemoteControlOfOtherUsers: false,
    EnableSharedDeviceControl: true,
    EnableRemoteAccess: true,
    EnableLiveTvManagement: differences.EnableLiveTvManagement,
    EnableLiveTvAccess: true,
    EnableMediaPlayback: true,
    EnableAudioPlaybackTranscoding: true,
    EnableVideoPlaybackTranscoding: true,
    EnablePlaybackRemuxing: true,
    ForceRemoteSourceTranscoding: false,
    EnableContentDeletion: false,
    EnableContentDeletionFromFolders: [],
    EnableContentDownloading: true,
    EnableSyncTranscoding: true,
    EnableMediaConversion: true,
    EnabledDevices: [],
    EnableAllDevices: true,
    EnabledChannels: [],
    EnableAllChannels: true,
    EnabledFolders: [],
    EnableAllFolders: true,
    InvalidLoginAttemptCount: 0,
    LoginAttemptsBeforeLockout: -1,
    MaxActiveSessions: 0,
    EnablePublicSharing: true,
    BlockedMediaFolders: [],
    BlockedChannels: [],
    RemoteClientBitrateLimit: 0,
    AuthenticationProviderId: differences.AuthenticationProviderId,
    PasswordResetProviderId: differences.PasswordResetProviderId,
    SyncPlayAccess: 'CreateAndJoinGroups',
  });
  return result;
}

/** A new user's configuration (§3.3). */
export function newUserConfiguration(version: Version): Record<string, unknown> {
  const result: Record<string, unknown> = {
    PlayDefaultAudioTrack: true,
    SubtitleLanguagePreference: '',
    DisplayMissingEpisodes: false,
    GroupedFolders: [],
    SubtitleMode: 'Default',
    DisplayCollectionsView: false,
    EnableLocalPassword: false,
    OrderedViews: [],
    LatestItemsExcludes: [],
    MyMediaExcludes: [],
    HidePlayedInLatest: true,
    RememberAudioSelections: true,
    RememberSubtitleSelections: true,
    EnableNextEpisodeAutoPlay: true,
  };
  if (since109(version)) result.CastReceiverId = 'F007D354';
  return result;
}

/** The provider ids every valid policy POST carries from 10.9 on. */
export const PROVIDERS = { AuthenticationProviderId: AUTH, PasswordResetProviderId: RESET };
