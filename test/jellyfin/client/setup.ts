import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach } from 'vitest';
import { JellyfinClient, type JellyfinClientOptions } from '../../../src/jellyfin/client.ts';
import { JellyfinStandin, type StandinOptions } from '../../../src/jellyfin/standin/index.ts';

export const ADMIN = { name: 'admin', password: 'admin-password' };
export const DEVICE_ID = 'doorman-test-device-1';

const running: JellyfinStandin[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((standin) => standin.close()));
});

/** A stand-in closed after the current test. */
export async function startStandin(options: StandinOptions = {}): Promise<JellyfinStandin> {
  const standin = await JellyfinStandin.start({ admin: ADMIN, ...options });
  running.push(standin);
  return standin;
}

/** A client for the stand-in's admin, with quick retries so fault tests stay fast. */
export function clientFor(standin: JellyfinStandin, options: Partial<JellyfinClientOptions> = {}): JellyfinClient {
  return new JellyfinClient({
    url: standin.url,
    username: ADMIN.name,
    password: ADMIN.password,
    deviceId: DEVICE_ID,
    retryBaseMs: 1,
    timeoutMs: 5_000,
    ...options,
  });
}

/** Logs in as someone, the way another app would, and returns the token. */
export async function loginAs(standin: JellyfinStandin, name: string, password: string, deviceId: string): Promise<string> {
  const response = await fetch(`${standin.url}/Users/AuthenticateByName`, {
    method: 'POST',
    headers: {
      Authorization: `MediaBrowser Client="test", Device="test", DeviceId="${deviceId}", Version="1", Token=""`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ Username: name, Pw: password }),
  });
  if (response.status !== 200) throw new Error(`login as ${name} answered ${response.status}`);
  const body = (await response.json()) as { AccessToken: string };
  return body.AccessToken;
}

/** The Token="…" value of a recorded Authorization header. */
export function tokenIn(authorization: string | undefined): string {
  const match = /Token="([^"]*)"/.exec(authorization ?? '');
  return decodeURIComponent(match?.[1] ?? '');
}

/** A pino logger at debug level whose lines end up in `lines`. */
export function capturingLogger(): { log: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { log: pino({ level: 'debug' }, stream), lines };
}
