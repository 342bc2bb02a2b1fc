/** System information, ping, API keys, authentication providers and logout. */
import { requiredString } from './binding.ts';
import { CAST_RECEIVERS } from './configuration.ts';
import { DEFAULT_AUTH_PROVIDER, DEFAULT_RESET_PROVIDER } from './policy.ts';
import type { RequestContext, RouteDef } from './route-types.ts';
import { RELEASE_OF, atLeast } from './types.ts';
import { EMPTY_GUID, MIN_DATE, formatDate, json, noContent } from './wire.ts';

/** Where a Linux package keeps its data; the password-reset files will go under this. */
export const PROGRAM_DATA_PATH = '/var/lib/jellyfin';

function publicInfo({ state, version, localAddress }: RequestContext): Record<string, unknown> {
  return {
    LocalAddress: localAddress,
    ServerName: state.serverName,
    Version: RELEASE_OF[version],
    ProductName: 'Jellyfin Server',
    // Obsolete in 10.11, which always writes an empty string.
    OperatingSystem: atLeast(version, '10.11') ? '' : 'Linux',
    Id: state.serverId,
    StartupWizardCompleted: true,
  };
}

function systemInfo(context: RequestContext): Record<string, unknown> {
  const info: Record<string, unknown> = {
    ...publicInfo(context),
    OperatingSystemDisplayName: 'Linux',
    PackageName: 'stand-in',
    HasPendingRestart: false,
    IsShuttingDown: false,
    SupportsLibraryMonitor: true,
    WebSocketPortNumber: Number(new URL(context.localAddress).port),
    CompletedInstallations: [],
    CanSelfRestart: true,
    CanLaunchWebBrowser: false,
    ProgramDataPath: PROGRAM_DATA_PATH,
    WebPath: '/usr/share/jellyfin/web',
    ItemsByNamePath: `${PROGRAM_DATA_PATH}/metadata`,
    CachePath: '/var/cache/jellyfin',
    LogPath: '/var/log/jellyfin',
    InternalMetadataPath: `${PROGRAM_DATA_PATH}/metadata`,
    TranscodingTempPath: `${PROGRAM_DATA_PATH}/transcodes`,
    HasUpdateAvailable: false,
    EncoderLocation: 'System',
    SystemArchitecture: 'X64',
  };
  if (atLeast(context.version, '10.9')) info.CastReceiverApplications = CAST_RECEIVERS;
  return info;
}

function apiKeyList({ state }: RequestContext): Record<string, unknown> {
  const items = [...state.apiKeys.values()].map((key) => ({
    Id: 0,
    AccessToken: key.accessToken,
    DeviceId: '',
    AppName: key.appName,
    AppVersion: '',
    DeviceName: '',
    UserId: EMPTY_GUID,
    IsActive: false,
    DateCreated: formatDate(key.created),
    DateLastActivity: MIN_DATE,
  }));
  return { Items: items, TotalRecordCount: items.length, StartIndex: 0 };
}

const ping = () => json('Jellyfin Server');

export const SYSTEM_ROUTES: RouteDef[] = [
  { method: 'GET', path: '/System/Info/Public', access: 'anonymous', handle: (context) => json(publicInfo(context)) },
  { method: 'GET', path: '/System/Info', access: 'user', handle: (context) => json(systemInfo(context)) },
  { method: 'GET', path: '/System/Ping', access: 'anonymous', handle: ping },
  { method: 'POST', path: '/System/Ping', access: 'anonymous', handle: ping },
  { method: 'GET', path: '/Auth/Keys', access: 'admin', handle: (context) => json(apiKeyList(context)) },
  {
    method: 'POST',
    path: '/Auth/Keys',
    access: 'admin',
    // The new key is deliberately not returned: callers find it in the list by AppName.
    handle: (context) => {
      context.state.createApiKey(requiredString(context, 'app'), context.now);
      return noContent();
    },
  },
  {
    method: 'DELETE',
    path: '/Auth/Keys/{id}',
    access: 'admin',
    handle: ({ state, id }) => {
      state.apiKeys.delete(id);
      return noContent();
    },
  },
  {
    method: 'GET',
    path: '/Auth/Providers',
    access: 'admin',
    handle: () => json([{ Name: 'Default', Id: DEFAULT_AUTH_PROVIDER }]),
  },
  {
    method: 'GET',
    path: '/Auth/PasswordResetProviders',
    access: 'admin',
    handle: () => json([{ Name: 'Default Password Reset Provider', Id: DEFAULT_RESET_PROVIDER }]),
  },
  {
    method: 'POST',
    path: '/Sessions/Logout',
    access: 'user',
    handle: ({ state, caller }) => {
      if (caller && !caller.isApiKey) state.tokens.delete(caller.token);
      return noContent();
    },
  },
];
