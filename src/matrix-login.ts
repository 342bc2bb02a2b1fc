import type { Readable, Writable } from 'node:stream';
import { ACCESS_TOKEN_KEY } from '../adapters/matrix/store.ts';
import { openAppDatabase } from './app.ts';
import type { Config } from './config/schema.ts';
import { MatrixRepository } from './db/repositories/matrix.repository.ts';

/**
 * `doorman matrix login [--password-stdin]`: logs in as `matrix.user_id` with a password (asked on
 * the terminal, or read from stdin) and stores the access token in the database, so
 * `matrix.access_token` may stay empty. The password and the token are never printed or logged.
 */

export interface LoginIo {
  stdout: Writable;
  stderr: Writable;
  stdin: Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
}

/** The device the bot's token belongs to, so the homeserver's device list shows one Doorman. */
export const MATRIX_DEVICE_ID = 'doorman';
const USAGE = 'Usage: doorman matrix login [--password-stdin] [--config FILE]\n';

export async function matrixVerb(rest: string[], loadConfig: () => Config, io: LoginIo): Promise<number> {
  const [action, ...flags] = rest;
  const unknown = flags.filter((flag) => flag !== '--password-stdin');
  if (action !== 'login' || unknown.length > 0) {
    io.stderr.write(USAGE);
    return 2;
  }
  const config = loadConfig();
  if (!config.matrix) {
    io.stderr.write('doorman matrix login: the config has no matrix section; add matrix.homeserver and matrix.user_id first.\n');
    return 2;
  }
  const password = flags.includes('--password-stdin') ? await readAll(io.stdin) : await askPassword(io, config.matrix.user_id);
  if (password === null) {
    io.stderr.write('doorman matrix login: there is no terminal to ask for the password; pipe it in with --password-stdin.\n');
    return 2;
  }
  if (password === '') {
    io.stderr.write('doorman matrix login: the password is empty.\n');
    return 2;
  }
  const outcome = await passwordLogin(config.matrix, password);
  if (!outcome.ok) {
    io.stderr.write(`doorman matrix login: ${outcome.message}\n`);
    return 2;
  }
  await storeToken(config, outcome.accessToken);
  io.stdout.write(`Logged in as ${config.matrix.user_id} (device ${outcome.deviceId}); the access token is stored in the database.\n`);
  if (config.matrix.access_token) io.stdout.write('Note: matrix.access_token is set in the config and wins over the stored token; empty it to use this one.\n');
  return 0;
}

type LoginOutcome = { ok: true; accessToken: string; deviceId: string } | { ok: false; message: string };

/** POST /_matrix/client/v3/login with `m.login.password` as matrix.user_id, device `doorman`. */
export async function passwordLogin(matrix: NonNullable<Config['matrix']>, password: string): Promise<LoginOutcome> {
  const url = `${matrix.homeserver}/_matrix/client/v3/login`;
  const body = {
    type: 'm.login.password',
    identifier: { type: 'm.id.user', user: matrix.user_id },
    password,
    device_id: MATRIX_DEVICE_ID,
    initial_device_display_name: 'Doorman',
  };
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    return { ok: false, message: `cannot reach ${matrix.homeserver} (${error instanceof Error ? error.message : String(error)}); check matrix.homeserver.` };
  }
  const answer = (await response.json().catch(() => null)) as { user_id?: string; access_token?: string; device_id?: string; errcode?: string; error?: string } | null;
  if (response.status === 403 || response.status === 401) {
    return { ok: false, message: `the homeserver refused the password for ${matrix.user_id} (${answer?.errcode ?? response.status}). Check the password and matrix.user_id.` };
  }
  if (!response.ok || !answer?.access_token) {
    return { ok: false, message: `${url} answered ${response.status} ${answer?.errcode ?? ''} ${answer?.error ?? ''}`.trim() + '; check matrix.homeserver (the base URL, without /_matrix).' };
  }
  if (answer.user_id && answer.user_id !== matrix.user_id) {
    return { ok: false, message: `the homeserver logged in ${answer.user_id}, not matrix.user_id ${matrix.user_id}; fix matrix.user_id.` };
  }
  return { ok: true, accessToken: answer.access_token, deviceId: answer.device_id ?? MATRIX_DEVICE_ID };
}

async function storeToken(config: Config, token: string): Promise<void> {
  const db = await openAppDatabase(config);
  try {
    await new MatrixRepository(db).writeValue(ACCESS_TOKEN_KEY, token);
  } finally {
    await db.destroy();
  }
}

/** Everything on stdin, without the final line break. */
async function readAll(stdin: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Asks on the terminal without echoing; null when stdin is no terminal. */
function askPassword(io: LoginIo, userId: string): Promise<string | null> {
  const { stdin } = io;
  if (!stdin.isTTY || !stdin.setRawMode) return Promise.resolve(null);
  io.stderr.write(`Password for ${userId}: `);
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve) => {
    let typed = '';
    const finish = (value: string | null) => {
      stdin.off('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      io.stderr.write('\n');
      resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      for (const char of String(chunk)) {
        if (char === '\r' || char === '\n') return finish(typed);
        if (char === '\u0003' || char === '\u0004') return finish('');
        typed = char === '\u007f' || char === '\b' ? typed.slice(0, -1) : typed + char;
      }
    };
    stdin.on('data', onData);
  });
}
