/**
 * A Jellyfin server in memory, faithful to the account-management subset of the API described in
 * shared/jellyfin-api.md, for tests and `doorman demo`. Versions 10.8 to 10.11 switch the behaviours
 * the contract lists per version; faults make it down, slow, failing or hanging on demand.
 */
import { configurationFields, configurationOutput } from './configuration.ts';
import { applyDisplayPreferences, bindDisplayPreferences, displayPreferencesDto, displayPreferencesItemId } from './display-prefs.ts';
import { Faults } from './faults.ts';
import { DEFAULT_LIBRARIES } from './libraries.ts';
import { extraFields, overlay, policyFields, policyOutput } from './policy.ts';
import { Recorder } from './recording.ts';
import { StandinServer, type ServerSettings } from './server.ts';
import { StandinState, type StoredUser } from './state.ts';
import {
  STANDIN_VERSIONS,
  type FailOnOptions,
  type HangOnOptions,
  type RecordedRequest,
  type SeedUserOptions,
  type StandinOptions,
  type StandinVersion,
  type UserSnapshot,
} from './types.ts';
import { ReplyError, parseGuid } from './wire.ts';

export type {
  FailOnOptions,
  HangOnOptions,
  RecordedRequest,
  SeedUserOptions,
  StandinOptions,
  StandinVersion,
  UserSnapshot,
} from './types.ts';
export { STANDIN_VERSIONS } from './types.ts';

const DISPLAY_PREFERENCES_ID = 'usersettings';

function normaliseBaseUrl(baseUrl: string): string {
  const trimmed = baseUrl.trim().replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '' : `/${trimmed}`;
}

export class JellyfinStandin {
  private readonly recorder = new Recorder();
  private readonly faultSwitches = new Faults();
  private readonly settings: ServerSettings;
  private readonly server: StandinServer;
  private address = '';

  private constructor(
    private readonly state: StandinState,
    options: StandinOptions,
  ) {
    this.settings = { version: options.version ?? '10.11', legacyAuthorization: options.legacyAuthorization ?? true };
    this.server = new StandinServer({
      state,
      faults: this.faultSwitches,
      recorder: this.recorder,
      settings: this.settings,
      baseUrl: normaliseBaseUrl(options.baseUrl ?? ''),
    });
  }

  static async start(options: StandinOptions = {}): Promise<JellyfinStandin> {
    if (options.version !== undefined && !STANDIN_VERSIONS.includes(options.version)) {
      throw new Error(`Unknown stand-in version ${options.version}; use one of ${STANDIN_VERSIONS.join(', ')}`);
    }
    const state = new StandinState({
      serverName: options.serverName ?? 'Stand-in Jellyfin',
      libraries: options.libraries ?? DEFAULT_LIBRARIES,
      policyExtras: extraFields(options.extraPolicyFields ?? {}),
      configurationExtras: extraFields(options.extraConfigurationFields ?? {}),
    });
    const standin = new JellyfinStandin(state, options);
    const admin = options.admin ?? { name: 'admin', password: 'admin-password' };
    // The startup wizard's first user: an administrator who may also delete content and control others.
    standin.addUser(admin.name, {
      password: admin.password,
      admin: true,
      policy: { EnableContentDeletion: true, EnableRemoteControlOfOtherUsers: true },
    });
    standin.address = await standin.server.listen(options.port ?? 0);
    return standin;
  }

  /** `http://127.0.0.1:PORT` + base URL, no trailing slash. */
  get url(): string {
    return this.address;
  }

  /** May be changed at run time; every request reads it afresh. */
  get version(): StandinVersion {
    return this.settings.version;
  }

  set version(version: StandinVersion) {
    this.settings.version = version;
  }

  /** 10.11's EnableLegacyAuthorization (ignored before 10.11, where legacy sources always work). */
  get legacyAuthorization(): boolean {
    return this.settings.legacyAuthorization;
  }

  set legacyAuthorization(enabled: boolean) {
    this.settings.legacyAuthorization = enabled;
  }

  get requests(): RecordedRequest[] {
    return this.recorder.requests;
  }

  clearRequests(): void {
    this.recorder.clear();
  }

  /** e.g. `requestsTo('POST /Users/{id}/Policy')`; method and path compare case-insensitively. */
  requestsTo(route: string): RecordedRequest[] {
    return this.recorder.to(route);
  }

  /** Seeds a user as `POST /Users/New` would create it, then overlays the given fields. */
  addUser(name: string, options: SeedUserOptions = {}): string {
    if (name.trim() === '') throw new Error('A stand-in user needs a name');
    if (this.state.userByName(name)) throw new Error(`The stand-in already has a user named ${name}`);
    const user = this.state.createUser(name, this.version);
    user.password = options.password ? options.password : null;
    if (options.admin) user.policy.IsAdministrator = true;
    const policyFieldList = policyFields(this.version, this.state.policyExtras).filter((field) => !field.outputOnly);
    user.policy = overlay(user.policy, policyFieldList, options.policy ?? {}, 'policy');
    const configurationFieldList = configurationFields(this.version, this.state.configurationExtras);
    user.configuration = overlay(user.configuration, configurationFieldList, options.configuration ?? {}, 'configuration');
    return user.id;
  }

  private findUser(idOrName: string): StoredUser | undefined {
    const id = parseGuid(idOrName);
    return (id && this.state.userById(id)) || this.state.userByName(idOrName);
  }

  /** A deep copy of the stored user, Policy and Configuration as GET /Users/{id} returns them. */
  user(idOrName: string): UserSnapshot | undefined {
    const user = this.findUser(idOrName);
    if (!user) return undefined;
    return {
      Id: user.id,
      Name: user.name,
      Policy: structuredClone(policyOutput(user.policy, this.version, this.state.policyExtras)),
      Configuration: structuredClone(configurationOutput(user.configuration, this.version, this.state.configurationExtras)),
    };
  }

  /** The `usersettings` preferences as GET returns them; undefined until something created them. */
  displayPreferences(userId: string, client = 'emby'): Record<string, unknown> | undefined {
    const id = parseGuid(userId) ?? userId;
    const record = this.state.displayPreferences.find(id, displayPreferencesItemId(DISPLAY_PREFERENCES_ID), client);
    return record ? displayPreferencesDto(record) : undefined;
  }

  /** Stores `usersettings` preferences as a POST would (same pulled-out keys and checks). */
  setDisplayPreferences(userId: string, client: string, dto: Record<string, unknown>): void {
    const id = parseGuid(userId);
    if (!id || !this.state.userById(id)) throw new Error(`The stand-in has no user ${userId}`);
    const store = this.state.displayPreferences;
    try {
      const bound = bindDisplayPreferences(dto, this.version);
      const current = store.findOrFresh(id, displayPreferencesItemId(DISPLAY_PREFERENCES_ID), client);
      store.save(applyDisplayPreferences(current, bound));
    } catch (error) {
      if (error instanceof ReplyError) throw new Error(`Jellyfin would refuse these display preferences (${error.reply.status})`);
      throw error;
    }
  }

  /** Names in the order `GET /Users` lists them. */
  userNames(): string[] {
    return this.state.usersByName().map((user) => user.name);
  }

  libraries(): { Id: string; Name: string }[] {
    return this.state.libraries.map((library) => ({ Id: library.id, Name: library.name }));
  }

  createApiKey(app: string): string {
    return this.state.createApiKey(app, Date.now());
  }

  /** `down`: connections are destroyed at once; `delayMs`: every answer waits this long. */
  get faults(): { down: boolean; delayMs: number } {
    return this.faultSwitches.switches;
  }

  failOn(route: string, options?: FailOnOptions): void {
    this.faultSwitches.failOn(route, options);
  }

  hangOn(route: string, options?: HangOnOptions): void {
    this.faultSwitches.hangOn(route, options);
  }

  failUsername(name: string | null): void {
    this.faultSwitches.failUsername(name);
  }

  clearFaults(): void {
    this.faultSwitches.clear();
  }

  close(): Promise<void> {
    return this.server.close();
  }
}
