import { DomainError } from '../core/errors.ts';
import { JellyfinError } from './errors.ts';
import { type LoginResult, type TransportOptions, JellyfinTransport } from './http.ts';
import { applyProfileConfiguration, applyProfilePolicy, denull, displayPreferencesToSend, policyToSend, withProviderIds } from './policy.ts';
import type { JfConfiguration, JfDisplayPreferences, JfLibrary, JfPolicy, JfServerInfo, JfUser, JsonObject } from './types.ts';
import { normaliseId } from './types.ts';
import { isGuid, normaliseLibraries, normaliseServerInfo, normaliseUser, normaliseUserList } from './users.ts';
import { sameUsername, usernameProblem, usernameRulesFor } from './username.ts';

/** Where Jellyfin is, who Doorman logs in as, and how patient it is: see TransportOptions. */
export type JellyfinClientOptions = TransportOptions;

/** What a profile carries to a user; every part is optional. */
export interface ProfileParts {
  policy?: JfPolicy;
  configuration?: JfConfiguration;
  displayPreferences?: JfDisplayPreferences;
}

/** The web client's global settings record, the one jfa-go copies between users (contract §4). */
const USER_SETTINGS_PATH = '/DisplayPreferences/usersettings';
const DEFAULT_PREFS_CLIENT = 'emby';

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class JellyfinClient {
  private readonly http: JellyfinTransport;
  private info: JfServerInfo | null = null;
  private infoInFlight: Promise<JfServerInfo> | null = null;
  private adminId: string | null = null;

  constructor(readonly options: JellyfinClientOptions) {
    this.http = new JellyfinTransport(options, (result) => this.requireAdministrator(result));
  }

  /** Closes idle keep-alive connections to Jellyfin (at shutdown). */
  close(): void {
    this.http.close();
  }

  /** GET /System/Info/Public (anonymous); remembered, it decides the username rules. */
  async serverInfo(): Promise<JfServerInfo> {
    if (this.info) return this.info;
    this.infoInFlight ??= this.fetchServerInfo().finally(() => {
      this.infoInFlight = null;
    });
    return this.infoInFlight;
  }

  /**
   * Logs in with the configured account now (normally this happens by itself on the first call).
   * Throws JellyfinError unauthorized for wrong credentials, forbidden for a non-administrator.
   */
  async login(): Promise<void> {
    await this.http.login();
  }

  /** The id of the account Doorman logged in with, once it has. */
  get serviceUserId(): string | null {
    return this.adminId;
  }

  /** The `Authorization` header this client sends with the given token (for diagnostics and tests). */
  authorizationHeader(token: string | null = null): string {
    return this.http.authorizationHeader(token);
  }

  /** Every user. Throws on any failure: an error is never reported as an empty list. */
  async listUsers(): Promise<JfUser[]> {
    const answer = await this.http.request({ method: 'GET', path: '/Users' });
    return normaliseUserList(answer.body, 'GET /Users');
  }

  /** The user, or null when Jellyfin has no user with this id. */
  async getUser(id: string): Promise<JfUser | null> {
    const userId = normaliseId(id);
    if (!isGuid(userId)) return null;
    const path = `/Users/${userId}`;
    const answer = await this.http.request({ method: 'GET', path, pass: [404] });
    if (answer.status === 404) return null;
    return normaliseUser(answer.body, `GET ${path}`);
  }

  /** Case-insensitive, on a freshly fetched list. */
  async findUserByName(name: string): Promise<JfUser | null> {
    const answer = await this.http.request({ method: 'GET', path: '/Users' });
    if (!Array.isArray(answer.body)) return normaliseUserList(answer.body, 'GET /Users')[0] ?? null; // throws
    // Only the match is normalised: this runs before every sign-up, over the whole user list.
    const match = answer.body.find((entry) => typeof entry?.Name === 'string' && sameUsername(entry.Name, name));
    return match === undefined ? null : normaliseUser(match, 'GET /Users');
  }

  /** Why Jellyfin would refuse this name on the detected version, or null when it is fine. */
  usernameProblem(name: string): string | null {
    return usernameProblem(name, usernameRulesFor(this.info?.version));
  }

  /**
   * Validates the name, checks for a case-insensitive duplicate, then POST /Users/New (never
   * retried: it is not idempotent). Throws DomainError username_invalid / username_taken.
   */
  async createUser(name: string, password: string): Promise<JfUser> {
    await this.serverInfo();
    const problem = this.usernameProblem(name);
    if (problem) throw new DomainError('username_invalid', problem, { field: 'username' });
    const existing = await this.findUserByName(name);
    if (existing) {
      throw new DomainError('username_taken', `The username "${name}" is already taken. Please choose another one.`, {
        field: 'username',
      });
    }
    const answer = await this.http.request({
      method: 'POST',
      path: '/Users/New',
      body: { Name: name, Password: password },
      idempotent: false,
      pass: [400],
    });
    if (answer.status === 400) {
      // Jellyfin's 400 is the same for a duplicate and an invalid name; the name passed the
      // rules above, so someone most likely took it a moment ago.
      throw new DomainError('username_taken', `Jellyfin refused the username "${name}": it was probably just taken. Please choose another one.`, {
        field: 'username',
      });
    }
    return normaliseUser(answer.body, 'POST /Users/New');
  }

  /** A user that is already gone counts as deleted. */
  async deleteUser(id: string): Promise<void> {
    const userId = normaliseId(id);
    if (!isGuid(userId)) return;
    const path = `/Users/${userId}`;
    const first = await this.http.request({ method: 'DELETE', path, pass: [404, 500] });
    if (first.status !== 500) return;
    // 10.8 answers 500 for an unknown id; only a 404 from a fresh look proves the user is gone.
    if ((await this.getUser(userId)) === null) return;
    await this.http.request({ method: 'DELETE', path, pass: [404] });
  }

  /** POSTs the whole policy: null arrays become [], provider ids are always present. */
  async setPolicy(id: string, policy: JfPolicy): Promise<void> {
    const path = `/Users/${normaliseId(id)}/Policy`;
    await this.http.request({ method: 'POST', path, body: policyToSend(policy), idempotent: true });
  }

  /**
   * Read-modify-write of one user's policy: `change` gets a copy of the current policy and returns
   * the new whole one; the user's provider ids are kept unless `change` sets others.
   */
  async updatePolicy(id: string, change: (current: JfPolicy) => JfPolicy): Promise<JfPolicy> {
    const user = await this.requireUser(id);
    const next = withProviderIds(change(structuredClone(user.Policy)), user.Policy);
    await this.setPolicy(user.Id, next);
    return next;
  }

  async setConfiguration(id: string, configuration: JfConfiguration): Promise<void> {
    const path = `/Users/${normaliseId(id)}/Configuration`;
    await this.http.request({ method: 'POST', path, body: denull(configuration), idempotent: true });
  }

  /**
   * Applies a profile the safe way: reads the user, lays the profile's policy and configuration
   * over the current ones (unknown fields kept, provider ids kept), writes each back whole.
   */
  async applyProfile(id: string, profile: ProfileParts): Promise<void> {
    const user = await this.requireUser(id);
    if (profile.policy) await this.setPolicy(user.Id, applyProfilePolicy(user.Policy, profile.policy));
    if (profile.configuration) {
      await this.setConfiguration(user.Id, applyProfileConfiguration(user.Configuration, profile.configuration));
    }
    if (profile.displayPreferences) await this.setDisplayPreferences(user.Id, profile.displayPreferences);
  }

  /** Sets a user's password as the administrator (no current password needed for other users). */
  async setPassword(id: string, newPassword: string): Promise<void> {
    const path = `/Users/${normaliseId(id)}/Password`;
    await this.http.request({ method: 'POST', path, body: { CurrentPw: '', NewPw: newPassword }, idempotent: true });
  }

  async getDisplayPreferences(userId: string, client: string = DEFAULT_PREFS_CLIENT): Promise<JfDisplayPreferences> {
    const query = { userId: normaliseId(userId), client };
    const answer = await this.http.request({ method: 'GET', path: USER_SETTINGS_PATH, query });
    if (!isObject(answer.body)) {
      throw new JellyfinError('unavailable', `Jellyfin's answer to GET ${USER_SETTINGS_PATH} was not display preferences.`);
    }
    return answer.body as JfDisplayPreferences;
  }

  /** Sends the whole DTO as read; CustomPrefs is kept verbatim. */
  async setDisplayPreferences(userId: string, prefs: JfDisplayPreferences, client: string = DEFAULT_PREFS_CLIENT): Promise<void> {
    const query = { userId: normaliseId(userId), client };
    const body = displayPreferencesToSend(prefs);
    await this.http.request({ method: 'POST', path: USER_SETTINGS_PATH, query, body, idempotent: true });
  }

  async listLibraries(): Promise<JfLibrary[]> {
    const answer = await this.http.request({ method: 'GET', path: '/Library/VirtualFolders' });
    return normaliseLibraries(answer.body, 'GET /Library/VirtualFolders');
  }

  /** Asks Jellyfin now, once and without retries (a health check must show an outage at once). */
  async checkServerInfo(): Promise<JfServerInfo> {
    return this.fetchServerInfo(false);
  }

  private async fetchServerInfo(retry = true): Promise<JfServerInfo> {
    const answer = await this.http.request({ method: 'GET', path: '/System/Info/Public', auth: false, idempotent: retry });
    this.info = normaliseServerInfo(answer.body, 'GET /System/Info/Public');
    return this.info;
  }

  private async requireUser(id: string): Promise<JfUser> {
    const user = await this.getUser(id);
    if (!user) {
      throw new JellyfinError('not_found', `Jellyfin has no user with id ${normaliseId(id)}.`, { path: `/Users/${normaliseId(id)}` });
    }
    return user;
  }

  /** Doorman manages users, which only an administrator may do; say so plainly at login. */
  private requireAdministrator(result: LoginResult): void {
    const policy = result.user.Policy;
    if (!isObject(policy) || policy.IsAdministrator !== true) {
      throw new JellyfinError(
        'forbidden',
        `The Jellyfin account "${this.options.username}" (jellyfin.username) is not an administrator. Doorman needs an administrator account to manage users: make it one in Jellyfin's dashboard or configure another account.`,
        { method: 'POST', path: '/Users/AuthenticateByName' },
      );
    }
    this.adminId = typeof result.user.Id === 'string' ? normaliseId(result.user.Id) : null;
  }
}
