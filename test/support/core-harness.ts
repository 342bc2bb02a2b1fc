import { validateConfig } from '../../src/config/load.ts';
import type { Config } from '../../src/config/schema.ts';
import { createServices, type CoreDeps, type Services } from '../../src/core/services.ts';
import { openMigratedMemoryDatabase, type Db } from '../../src/db/database.ts';
import { JellyfinClient, type JellyfinClientOptions } from '../../src/jellyfin/client.ts';
import { JellyfinStandin, type StandinOptions } from '../../src/jellyfin/standin/index.ts';
import { silentLogger, type Logger } from '../../src/log.ts';
import { TestClock } from '../core/support.ts';

export { TestClock };

/**
 * The core wired for real: a Jellyfin stand-in over HTTP, the real JellyfinClient logged in as the
 * stand-in's admin, a migrated in-memory SQLite, a validated config and createServices. Shared by
 * the core's acceptance tests and by other suites that need a working core.
 */
export interface CoreHarnessOptions {
  standin?: StandinOptions;
  /** Raw config keys laid over the harness's own before validation (e.g. `{ password_rules: {...} }`). */
  config?: Record<string, unknown>;
  /** Client options laid over the harness's (timeoutMs 500, retryBaseMs 5). */
  client?: Partial<JellyfinClientOptions>;
  /** Sign-up undo timing; the harness's defaults retry quickly (backoff 50 ms, at most 1 s). */
  undo?: CoreDeps['undo'];
  /** Replaces the real client, e.g. with a subclass that misbehaves in one way. */
  makeClient?: (options: JellyfinClientOptions) => JellyfinClient;
  log?: Logger;
}

export interface CoreHarness {
  standin: JellyfinStandin;
  client: JellyfinClient;
  db: Db;
  config: Config;
  clock: TestClock;
  log: Logger;
  services: Services;
  /** Builds a second set of services on the same database and stand-in (e.g. with another client). */
  servicesWith(client: JellyfinClient): Services;
  close(): Promise<void>;
}

export const HARNESS_PUBLIC_URL = 'http://doorman.test';
export const HARNESS_JELLYFIN_PUBLIC_URL = 'http://watch.test';

export async function startCoreHarness(options: CoreHarnessOptions = {}): Promise<CoreHarness> {
  const standin = await JellyfinStandin.start(options.standin);
  try {
    const admin = options.standin?.admin ?? { name: 'admin', password: 'admin-password' };
    const config = validateConfig(
      {
        server: { public_url: HARNESS_PUBLIC_URL },
        jellyfin: { url: standin.url, public_url: HARNESS_JELLYFIN_PUBLIC_URL, username: admin.name, password: admin.password, timeout: '1s' },
        ...options.config,
      },
      'core harness config',
    );
    const log = options.log ?? silentLogger();
    const clientOptions: JellyfinClientOptions = {
      url: config.jellyfin.url,
      username: config.jellyfin.username,
      password: config.jellyfin.password,
      deviceId: 'doorman-test-device',
      timeoutMs: 500,
      retryBaseMs: 5,
      log,
      ...options.client,
    };
    const client = options.makeClient ? options.makeClient(clientOptions) : new JellyfinClient(clientOptions);
    await client.login();
    const db = await openMigratedMemoryDatabase();
    const clock = new TestClock();
    const undo = { backoffBaseMs: 50, backoffMaxMs: 1000, ...options.undo };
    const servicesWith = (jellyfin: JellyfinClient) => createServices({ db, jellyfin, config, log, clock, undo });
    return {
      standin,
      client,
      db,
      config,
      clock,
      log,
      services: servicesWith(client),
      servicesWith,
      async close() {
        await db.destroy();
        await standin.close();
      },
    };
  } catch (error) {
    await standin.close();
    throw error;
  }
}
