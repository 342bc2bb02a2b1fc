import { randomBytes } from 'node:crypto';
import type { Config } from '../../src/config/schema.ts';
import { validateConfig } from '../../src/config/load.ts';
import { createServices, type CoreDeps, type Services } from '../../src/core/services.ts';
import { openMigratedMemoryDatabase, type Db } from '../../src/db/database.ts';
import { silentLogger } from '../../src/log.ts';
import { DomainError } from '../../src/core/errors.ts';
import type { Clock } from '../../src/core/clock.ts';
import type { JellyfinClient } from '../../src/jellyfin/client.ts';
import { JellyfinError } from '../../src/jellyfin/errors.ts';
import type { JfConfiguration, JfDisplayPreferences, JfPolicy, JfServerInfo, JfUser } from '../../src/jellyfin/types.ts';
import { sameUsername, usernameProblem, usernameRulesFor } from '../../src/jellyfin/username.ts';

/** Real time plus an offset the test may move forward. */
export class TestClock implements Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

/** The client methods the core calls: the fake below is checked against the real signatures. */
type CoreClientSurface = Pick<
  JellyfinClient,
  | 'options'
  | 'serverInfo'
  | 'checkServerInfo'
  | 'usernameProblem'
  | 'listUsers'
  | 'getUser'
  | 'findUserByName'
  | 'createUser'
  | 'deleteUser'
  | 'setPolicy'
  | 'setConfiguration'
  | 'getDisplayPreferences'
  | 'setDisplayPreferences'
>;

export type FakeCall = { method: string; args: unknown[] };
type Failure = () => Error;

/**
 * An in-memory Jellyfin for unit and medium tests of the core's decisions (time, crashes, retries)
 * that are awkward over HTTP. The acceptance tests use the real client against the stand-in.
 */
export class FakeJellyfin implements CoreClientSurface {
  readonly options = { url: 'http://jellyfin.invalid', username: 'admin', password: 'x', deviceId: 'fake' };
  readonly users = new Map<string, JfUser>();
  readonly prefs = new Map<string, JfDisplayPreferences>();
  readonly calls: FakeCall[] = [];
  /** Method name → failures to throw on its next calls, in order. */
  readonly failures = new Map<string, Failure[]>();
  /** Makes every call fail as if the server were unreachable. */
  down = false;
  /** createUser makes the user, then throws this instead of answering. */
  createThenFail: Failure | null = null;

  constructor(readonly version = '10.11.0') {
    this.addUser('admin', { IsAdministrator: true });
  }

  addUser(name: string, policy: JfPolicy = {}, configuration: JfConfiguration = {}, extra: Partial<JfUser> = {}): JfUser {
    const user: JfUser = { Id: randomBytes(16).toString('hex'), Name: name, Policy: { IsAdministrator: false, ...policy }, Configuration: configuration, ...extra };
    this.users.set(user.Id, user);
    return user;
  }

  failNext(method: string, error: Failure = unavailable): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), error]);
  }

  countCalls(method: string): number {
    return this.calls.filter((call) => call.method === method).length;
  }

  async serverInfo(): Promise<JfServerInfo> {
    this.enter('serverInfo', []);
    return { serverName: 'fake', version: this.version, id: 'fake' };
  }

  async checkServerInfo(): Promise<JfServerInfo> {
    return this.serverInfo();
  }

  usernameProblem(name: string): string | null {
    return usernameProblem(name, usernameRulesFor(this.version));
  }

  async listUsers(): Promise<JfUser[]> {
    this.enter('listUsers', []);
    return [...this.users.values()].map((user) => structuredClone(user));
  }

  async getUser(id: string): Promise<JfUser | null> {
    this.enter('getUser', [id]);
    const user = [...this.users.values()].find((u) => u.Id.toLowerCase() === id.toLowerCase());
    return user ? structuredClone(user) : null;
  }

  async findUserByName(name: string): Promise<JfUser | null> {
    return (await this.listUsers()).find((user) => sameUsername(user.Name, name)) ?? null;
  }

  async createUser(name: string, password: string): Promise<JfUser> {
    const problem = this.usernameProblem(name);
    if (problem) throw new DomainError('username_invalid', problem, { field: 'username' });
    if (await this.findUserByName(name)) throw new DomainError('username_taken', `The username "${name}" is already taken.`, { field: 'username' });
    this.enter('createUser', [name, password.length]);
    const user = this.addUser(name, { IsHidden: true, EnableAllFolders: true }, { HidePlayedInLatest: true });
    if (this.createThenFail) throw this.createThenFail();
    return structuredClone(user);
  }

  async deleteUser(id: string): Promise<void> {
    this.enter('deleteUser', [id]);
    this.users.delete(id);
  }

  async setPolicy(id: string, policy: JfPolicy): Promise<void> {
    this.enter('setPolicy', [id, policy]);
    this.require(id).Policy = structuredClone(policy);
  }

  async setConfiguration(id: string, configuration: JfConfiguration): Promise<void> {
    this.enter('setConfiguration', [id, configuration]);
    this.require(id).Configuration = structuredClone(configuration);
  }

  async getDisplayPreferences(userId: string): Promise<JfDisplayPreferences> {
    this.enter('getDisplayPreferences', [userId]);
    return structuredClone(this.prefs.get(userId) ?? { CustomPrefs: {} });
  }

  async setDisplayPreferences(userId: string, prefs: JfDisplayPreferences): Promise<void> {
    this.enter('setDisplayPreferences', [userId, prefs]);
    this.require(userId);
    this.prefs.set(userId, structuredClone(prefs));
  }

  asClient(): JellyfinClient {
    return this as unknown as JellyfinClient;
  }

  private enter(method: string, args: unknown[]): void {
    this.calls.push({ method, args });
    if (this.down) throw unavailable();
    const queued = this.failures.get(method);
    const next = queued?.shift();
    if (next) throw next();
  }

  private require(id: string): JfUser {
    const user = this.users.get(id);
    if (!user) throw new JellyfinError('not_found', `no user ${id}`, { method: 'POST', path: `/Users/${id}`, status: 404 });
    return user;
  }
}

export function unavailable(): JellyfinError {
  return new JellyfinError('unavailable', 'connection refused', { method: 'GET', path: '/Users' });
}

export function createTimeout(): JellyfinError {
  return new JellyfinError('timeout', 'no answer', { method: 'POST', path: '/Users/New' });
}

export const TEST_PUBLIC_URL = 'https://doorman.example';

/** A validated config with the defaults of the schema, pointing at `jellyfinUrl`. */
export function testConfig(jellyfinUrl = 'http://jellyfin.invalid', overrides: Record<string, unknown> = {}): Config {
  return validateConfig(
    {
      server: { public_url: TEST_PUBLIC_URL },
      jellyfin: { url: jellyfinUrl, public_url: 'https://watch.example', username: 'admin', password: 'admin-password' },
      ...overrides,
    },
    'test config',
  );
}

export interface MediumCore {
  db: Db;
  fake: FakeJellyfin;
  clock: TestClock;
  services: Services;
}

/** Services on a migrated in-memory database with the fake client (medium tests). */
export async function mediumCore(options: { config?: Config; undo?: CoreDeps['undo']; version?: string } = {}): Promise<MediumCore> {
  const db = await openMigratedMemoryDatabase();
  const fake = new FakeJellyfin(options.version);
  const clock = new TestClock();
  const config = options.config ?? testConfig();
  const services = createServices({ db, jellyfin: fake.asClient(), config, log: silentLogger(), clock, undo: options.undo });
  return { db, fake, clock, services };
}
