/**
 * Sessions as a login reports them. For now a session is the device token a login creates;
 * `GET /Sessions` can grow from here.
 */
import type { DeviceToken, StandinState, StoredUser } from './state.ts';
import { MIN_DATE, formatDate } from './wire.ts';

export function sessionInfo(state: StandinState, token: DeviceToken, user: StoredUser): Record<string, unknown> {
  return {
    PlayState: { CanSeek: false, IsPaused: false, IsMuted: false, RepeatMode: 'RepeatNone', PlaybackOrder: 'Default' },
    AdditionalUsers: [],
    Capabilities: { PlayableMediaTypes: [], SupportedCommands: [], SupportsMediaControl: false, SupportsPersistentIdentifier: true },
    RemoteEndPoint: '127.0.0.1',
    PlayableMediaTypes: [],
    Id: token.sessionId,
    UserId: user.id,
    UserName: user.name,
    Client: token.client,
    LastActivityDate: formatDate(token.lastActivity),
    LastPlaybackCheckIn: MIN_DATE,
    DeviceName: token.deviceName,
    DeviceId: token.deviceId,
    ApplicationVersion: token.appVersion,
    IsActive: true,
    SupportsMediaControl: false,
    SupportsRemoteControl: false,
    NowPlayingQueue: [],
    NowPlayingQueueFullItems: [],
    HasCustomDeviceName: false,
    ServerId: state.serverId,
    SupportedCommands: [],
  };
}

/** Sessions a user has open on devices other than this one (what MaxActiveSessions counts). */
export function otherSessionCount(state: StandinState, userId: string, deviceId: string): number {
  return state.tokensOf(userId).filter((token) => token.deviceId !== deviceId).length;
}
