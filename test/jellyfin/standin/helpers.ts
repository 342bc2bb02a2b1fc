/** Plain-fetch helpers for the stand-in's contract tests. */
import { afterEach } from 'vitest';
import { JellyfinStandin, type StandinOptions } from '../../../src/jellyfin/standin/index.ts';

export const ADMIN = { name: 'admin', password: 'admin-password' };

export function deviceHeader(deviceId = 'test-device', token?: string): string {
  const base = `MediaBrowser Client="contract-tests", Device="vitest", DeviceId="${deviceId}", Version="1.0.0"`;
  return token === undefined ? base : `${base}, Token="${token}"`;
}

export interface Answer {
  status: number;
  contentType: string;
  text: string;
  json: () => any;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  /** Sent as is (no JSON encoding). */
  rawBody?: string;
  headers?: Record<string, string>;
  /** Leave out the Authorization header entirely. */
  noAuthorization?: boolean;
  deviceId?: string;
}

export async function call(standin: JellyfinStandin, method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (!options.noAuthorization) headers.Authorization = deviceHeader(options.deviceId, options.token);
  let body: string | undefined;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }
  if (options.rawBody !== undefined) body = options.rawBody;
  Object.assign(headers, options.headers);
  const response = await fetch(standin.url + path, { method, headers, body });
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text,
    json: () => JSON.parse(text),
  };
}

export async function login(standin: JellyfinStandin, name: string, password: string, deviceId = 'test-device'): Promise<string> {
  const answer = await call(standin, 'POST', '/Users/AuthenticateByName', { body: { Username: name, Pw: password }, deviceId });
  if (answer.status !== 200) throw new Error(`login of ${name} failed with ${answer.status}`);
  return answer.json().AccessToken as string;
}

const open = new Set<JellyfinStandin>();

afterEach(async () => {
  await Promise.all([...open].map((standin) => standin.close()));
  open.clear();
});

/** Starts a stand-in that is closed after the current test. */
export async function start(options: StandinOptions = {}): Promise<JellyfinStandin> {
  const standin = await JellyfinStandin.start(options);
  open.add(standin);
  return standin;
}

/** A started stand-in plus an admin token. */
export async function startWithAdmin(options: StandinOptions = {}): Promise<{ standin: JellyfinStandin; token: string }> {
  const standin = await start(options);
  const token = await login(standin, ADMIN.name, ADMIN.password, 'admin-device');
  return { standin, token };
}

/** Creates a user over HTTP and returns its id. */
export async function createUser(standin: JellyfinStandin, token: string, name: string, password = 'secret'): Promise<string> {
  const answer = await call(standin, 'POST', '/Users/New', { token, body: { Name: name, Password: password } });
  if (answer.status !== 200) throw new Error(`creating ${name} failed with ${answer.status}`);
  return answer.json().Id as string;
}

export function hyphenate(id: string): string {
  return `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`;
}

export const VERSIONS = ['10.8', '10.9', '10.10', '10.11'] as const;
export const MODERN = ['10.9', '10.10', '10.11'] as const;
