import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { validateConfig } from '../../src/config/load.ts';
import { JellyfinStandin } from '../../src/jellyfin/standin/index.ts';
import { silentLogger } from '../../src/log.ts';
import { readTestConfig, STANDIN_ADMIN, writeTestConfig, type TestConfigFile } from '../support/app-harness.ts';

/** The composition root: what createApp keeps between starts and shows on the wire. */

let standin: JellyfinStandin;
let configFile: TestConfigFile;

beforeAll(async () => {
  standin = await JellyfinStandin.start({ admin: STANDIN_ADMIN });
  configFile = writeTestConfig(standin.url);
});
afterAll(async () => {
  await standin?.close();
  configFile?.remove();
});

/** The DeviceId of the `Authorization: MediaBrowser …` header of the requests since the last clear. */
function deviceIdsSent(): string[] {
  const ids = standin.requests.map((request) => /DeviceId="([^"]*)"/.exec(request.headers.authorization ?? '')?.[1]);
  return [...new Set(ids.filter((id): id is string => id !== undefined))];
}

async function deviceIdOfOneStart(config = readTestConfig(configFile.file)): Promise<string[]> {
  standin.clearRequests();
  const app = await createApp(config, { log: silentLogger() });
  try {
    await app.services.users.list();
    return deviceIdsSent();
  } finally {
    await app.close();
  }
}

describe('createApp', () => {
  it('presents the same generated DeviceId to Jellyfin on every start, kept in the database', async () => {
    const first = await deviceIdOfOneStart();
    expect(first).toHaveLength(1);
    expect(await deviceIdOfOneStart()).toEqual(first);
  });

  it('uses jellyfin.device_id from the config when it is set', async () => {
    const base = readTestConfig(configFile.file);
    const config = validateConfig({ ...base, jellyfin: { ...base.jellyfin, device_id: 'my-doorman' } }, 'test');
    expect(await deviceIdOfOneStart(config)).toEqual(['my-doorman']);
  });

  it('listens on the configured address and closes cleanly', async () => {
    const app = await createApp(readTestConfig(configFile.file), { log: silentLogger() });
    const address = await app.listen();
    expect(address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${address}/healthz`)).status).toBe(200);
    await app.close();
    await app.close();
    await expect(fetch(`${address}/healthz`)).rejects.toThrow();
  });
});
