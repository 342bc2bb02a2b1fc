/**
 * Everything the stand-in remembers, in memory: users (with Policy and Configuration kept as the
 * server's model objects), device tokens from logins, API keys, display preferences and libraries.
 */
import { newUserConfiguration } from './configuration.ts';
import { DisplayPreferencesStore } from './display-prefs.ts';
import { createLibraries, type Library, type LibrarySeed } from './libraries.ts';
import { newUserPolicy, type Model, type ModelField } from './policy.ts';
import { atLeast, type StandinVersion } from './types.ts';
import { newGuid } from './wire.ts';

export interface StoredUser {
  id: string;
  name: string;
  /** Plain text is fine in a stand-in; null means "no password" (an empty one logs in). */
  password: string | null;
  policy: Model;
  configuration: Model;
  lastLoginDate: number | null;
  lastActivityDate: number | null;
}

/** A device record as a login creates it; sessions will hang off these. */
export interface DeviceToken {
  accessToken: string;
  userId: string;
  deviceId: string;
  deviceName: string;
  client: string;
  appVersion: string;
  sessionId: string;
  created: number;
  lastActivity: number;
}

export interface ApiKeyRecord {
  accessToken: string;
  appName: string;
  created: number;
}

export interface DeviceInfo {
  client: string;
  deviceName: string;
  deviceId: string;
  appVersion: string;
}

export interface StateOptions {
  serverName: string;
  libraries: LibrarySeed[];
  policyExtras: ModelField[];
  configurationExtras: ModelField[];
}

const NAME_RULES: Record<'classic' | 'modern', RegExp> = {
  classic: /^[\p{L}\p{Mn}\p{Nd}\p{Pc} \-'._@]+$/u,
  modern: /^(?!\s)[\p{L}\p{Mn}\p{Nd}\p{Pc} \-'._@+]+(?<!\s)$/u,
};

/** `ThrowIfInvalidUsername`: 10.11 adds `+` and refuses leading or trailing whitespace. */
export function isValidUsername(name: unknown, version: StandinVersion): name is string {
  if (typeof name !== 'string') return false;
  return NAME_RULES[atLeast(version, '10.11') ? 'modern' : 'classic'].test(name);
}

export class StandinState {
  readonly serverId = newGuid();
  readonly serverName: string;
  readonly users = new Map<string, StoredUser>();
  readonly tokens = new Map<string, DeviceToken>();
  readonly apiKeys = new Map<string, ApiKeyRecord>();
  readonly displayPreferences = new DisplayPreferencesStore();
  readonly libraries: Library[];
  readonly policyExtras: ModelField[];
  readonly configurationExtras: ModelField[];
  private lastScheduleId = 0;

  constructor(options: StateOptions) {
    this.serverName = options.serverName;
    this.libraries = createLibraries(options.libraries);
    this.policyExtras = options.policyExtras;
    this.configurationExtras = options.configurationExtras;
  }

  nextScheduleId(): number {
    this.lastScheduleId += 1;
    return this.lastScheduleId;
  }

  userById(id: string): StoredUser | undefined {
    return this.users.get(id);
  }

  /** Login and creation compare names case-insensitively. */
  userByName(name: string): StoredUser | undefined {
    const wanted = name.toUpperCase();
    return [...this.users.values()].find((user) => user.name.toUpperCase() === wanted);
  }

  /** Culture-aware order by name, as `GET /Users` returns them. */
  usersByName(): StoredUser[] {
    return [...this.users.values()].sort((a, b) => a.name.localeCompare(b.name, 'en'));
  }

  createUser(name: string, version: StandinVersion): StoredUser {
    const user: StoredUser = {
      id: newGuid(),
      name,
      password: null,
      policy: newUserPolicy(version, this.policyExtras),
      configuration: newUserConfiguration(version, this.configurationExtras),
      lastLoginDate: null,
      lastActivityDate: null,
    };
    this.users.set(user.id, user);
    return user;
  }

  removeUser(id: string): void {
    this.users.delete(id);
    this.revokeUserTokens(id);
    this.displayPreferences.removeUser(id);
  }

  isAdmin(user: StoredUser): boolean {
    return user.policy.IsAdministrator === true;
  }

  isDisabled(user: StoredUser): boolean {
    return user.policy.IsDisabled === true;
  }

  adminCount(): number {
    return [...this.users.values()].filter((user) => this.isAdmin(user)).length;
  }

  enabledCount(): number {
    return [...this.users.values()].filter((user) => !this.isDisabled(user)).length;
  }

  tokensOf(userId: string): DeviceToken[] {
    return [...this.tokens.values()].filter((token) => token.userId === userId);
  }

  revokeUserTokens(userId: string, exceptToken?: string): void {
    for (const token of this.tokensOf(userId)) {
      if (token.accessToken !== exceptToken) this.tokens.delete(token.accessToken);
    }
  }

  /**
   * `GetAuthorizationToken`. 10.9+: the user's earlier tokens on this DeviceId are logged out and a
   * new one is issued. 10.8: the user's existing token on this DeviceId is handed out again, and
   * other users' tokens on it are logged out before a new one is made.
   */
  issueToken(user: StoredUser, device: DeviceInfo, version: StandinVersion, now: number): DeviceToken {
    const onDevice = [...this.tokens.values()].filter((token) => token.deviceId === device.deviceId);
    if (!atLeast(version, '10.9')) {
      const existing = onDevice.find((token) => token.userId === user.id);
      if (existing) return Object.assign(existing, { ...device, lastActivity: now });
      for (const token of onDevice) this.tokens.delete(token.accessToken);
    } else {
      for (const token of onDevice) if (token.userId === user.id) this.tokens.delete(token.accessToken);
    }
    const token: DeviceToken = { accessToken: newGuid(), userId: user.id, ...device, sessionId: newGuid(), created: now, lastActivity: now };
    this.tokens.set(token.accessToken, token);
    return token;
  }

  createApiKey(appName: string, now: number): string {
    const key: ApiKeyRecord = { accessToken: newGuid(), appName, created: now };
    this.apiKeys.set(key.accessToken, key);
    return key.accessToken;
  }
}
