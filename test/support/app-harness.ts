import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { stringify } from 'yaml';
import type { CliIo } from '../../src/cli.ts';
import { createApp, type App } from '../../src/app.ts';
import { loadConfigFile } from '../../src/config/load.ts';
import type { Config } from '../../src/config/schema.ts';
import { JellyfinStandin } from '../../src/jellyfin/standin/index.ts';
import { silentLogger } from '../../src/log.ts';

/** Doorman's real composition (createApp) on a temporary data folder, against a stand-in on 127.0.0.1. */

export const TEST_PUBLIC_URL = 'http://doorman.test';
export const STANDIN_ADMIN = { name: 'admin', password: 'admin-password' };

export interface TestConfigFile {
  dir: string;
  file: string;
  remove(): void;
}

/** Writes a doorman.yaml in a fresh temporary folder that also holds the data. */
export function writeTestConfig(jellyfinUrl: string, overrides: Record<string, unknown> = {}): TestConfigFile {
  const dir = mkdtempSync(join(tmpdir(), 'doorman-test-'));
  const file = join(dir, 'doorman.yaml');
  const config = {
    data_dir: dir,
    server: { host: '127.0.0.1', port: 0, public_url: TEST_PUBLIC_URL },
    database: { url: 'sqlite:doorman.db' },
    jellyfin: { url: jellyfinUrl, username: STANDIN_ADMIN.name, password: STANDIN_ADMIN.password, timeout: '5s' },
    log: { level: 'warn' },
    ...overrides,
  };
  writeFileSync(file, stringify(config));
  return { dir, file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Reads a test config as the CLI does, without the environment of the machine running the tests. */
export function readTestConfig(file: string): Config {
  return loadConfigFile(file, {});
}

export interface AppHarness {
  app: App;
  standin: JellyfinStandin;
  config: Config;
  configFile: TestConfigFile;
  close(): Promise<void>;
}

export async function startAppHarness(): Promise<AppHarness> {
  const standin = await JellyfinStandin.start({ admin: STANDIN_ADMIN });
  const configFile = writeTestConfig(standin.url);
  const config = readTestConfig(configFile.file);
  const app = await createApp(config, { log: silentLogger() });
  return {
    app,
    standin,
    config,
    configFile,
    async close() {
      await app.close();
      await standin.close();
      configFile.remove();
    },
  };
}

/** Captures what a CLI verb prints, for running main() in the test process. */
export interface CapturedIo extends CliIo {
  out(): string;
  err(): string;
}

export function captureIo(env: NodeJS.ProcessEnv = {}): CapturedIo {
  let out = '';
  let err = '';
  const sink = (append: (text: string) => void) =>
    new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        append(chunk.toString());
        done();
      },
    });
  return {
    stdout: sink((text) => (out += text)),
    stderr: sink((text) => (err += text)),
    stdin: Readable.from([]),
    env,
    out: () => out,
    err: () => err,
  };
}
