import { ACCESS_TOKEN_KEY } from '../../adapters/matrix/store.ts';
import type { Config } from '../config/schema.ts';
import type { Db } from '../db/database.ts';
import { MatrixRepository } from '../db/repositories/matrix.repository.ts';
import type { CheckResult } from '../doctor.ts';

type MatrixConfig = NonNullable<Config['matrix']>;

/** The homeserver's answer: status and JSON body (null when it was not JSON). */
type Answer = { status: number; body: Record<string, unknown> | null };

const LOGIN_FIX = 'run `doorman matrix login --config FILE` (it asks for the bot account\'s password and stores a fresh token), or set matrix.access_token';

/**
 * `doorman doctor` for Matrix: the homeserver answers, the access token (config or stored by
 * `doorman matrix login`) is valid, it belongs to matrix.user_id, and the bot is in matrix.admin_room.
 * Each failure says what to change. The token is never printed.
 */
export async function checkMatrix(matrix: MatrixConfig, db: Db | null): Promise<CheckResult[]> {
  const reachable = await checkHomeserver(matrix);
  if (reachable.status !== 'ok') return [reachable, skipped('matrix token', 'the homeserver is not reachable')];
  const token = matrix.access_token || (db ? await new MatrixRepository(db).readValue(ACCESS_TOKEN_KEY) : null);
  if (!token) return [reachable, { name: 'matrix token', status: 'FAIL', detail: 'there is no access token (matrix.access_token is empty and none is stored)', fix: LOGIN_FIX }];
  const whoami = await request(matrix, 'GET', '/_matrix/client/v3/account/whoami', token).catch((error: unknown) => error as Error);
  const tokenCheck = checkToken(whoami);
  if (tokenCheck.status !== 'ok') return [reachable, tokenCheck];
  const userId = String((whoami as Answer).body?.user_id ?? '');
  const results = [reachable, tokenCheck, checkUserId(matrix, userId)];
  if (matrix.admin_room) results.push(await checkAdminRoom(matrix, matrix.admin_room, token));
  return results;
}

async function checkHomeserver(matrix: MatrixConfig): Promise<CheckResult> {
  const name = 'matrix';
  const answer = await request(matrix, 'GET', '/_matrix/client/versions').catch((error: unknown) => error as Error);
  if (answer instanceof Error) {
    return { name, status: 'FAIL', detail: `cannot reach ${matrix.homeserver}: ${answer.message}`, fix: 'check matrix.homeserver (the base URL, without /_matrix) and that this machine can reach it' };
  }
  const versions = answer.body?.versions;
  if (answer.status !== 200 || !Array.isArray(versions)) {
    return { name, status: 'FAIL', detail: `${matrix.homeserver}/_matrix/client/versions answered ${answer.status}, not a Matrix homeserver's answer`, fix: 'set matrix.homeserver to the homeserver\'s base URL (as in https://matrix.example.org, without /_matrix)' };
  }
  return { name, status: 'ok', detail: `${matrix.homeserver} is a Matrix homeserver (spec ${String(versions.at(-1))})` };
}

function checkToken(whoami: Answer | Error): CheckResult {
  const name = 'matrix token';
  if (whoami instanceof Error) return { name, status: 'FAIL', detail: `whoami failed: ${whoami.message}`, fix: 'check that the homeserver is up, then run doorman doctor again' };
  if (whoami.status === 401 || whoami.status === 403) {
    return { name, status: 'FAIL', detail: `the homeserver refused the access token (${String(whoami.body?.errcode ?? whoami.status)})`, fix: LOGIN_FIX };
  }
  if (whoami.status !== 200 || typeof whoami.body?.user_id !== 'string') {
    return { name, status: 'FAIL', detail: `whoami answered ${whoami.status}`, fix: 'check matrix.homeserver and that the homeserver is healthy' };
  }
  return { name, status: 'ok', detail: `the access token is valid (device ${String(whoami.body.device_id ?? 'unknown')})` };
}

function checkUserId(matrix: MatrixConfig, userId: string): CheckResult {
  const name = 'matrix user';
  if (userId === matrix.user_id) return { name, status: 'ok', detail: `the token belongs to ${userId}` };
  return {
    name, status: 'FAIL', detail: `the token belongs to ${userId}, not to matrix.user_id ${matrix.user_id}`,
    fix: `set matrix.user_id to "${userId}" if that is the bot, else log in as ${matrix.user_id} with doorman matrix login`,
  };
}

async function checkAdminRoom(matrix: MatrixConfig, adminRoom: string, token: string): Promise<CheckResult> {
  const name = 'matrix admin room';
  const invite = `invite ${matrix.user_id} to ${adminRoom} from an admin's Matrix account (Doorman accepts the invite while it runs)`;
  const roomId = adminRoom.startsWith('#') ? await resolveAlias(matrix, adminRoom, token) : adminRoom;
  if (!roomId) return { name, status: 'FAIL', detail: `the alias ${adminRoom} does not resolve`, fix: 'set matrix.admin_room to the room id (Room settings → Advanced, like !abcdef:example.org)' };
  const joined = await request(matrix, 'GET', '/_matrix/client/v3/joined_rooms', token).catch((error: unknown) => error as Error);
  if (joined instanceof Error || joined.status !== 200) {
    const detail = joined instanceof Error ? joined.message : `joined_rooms answered ${joined.status}`;
    return { name, status: 'FAIL', detail, fix: 'check that the homeserver is up, then run doorman doctor again' };
  }
  const rooms = Array.isArray(joined.body?.joined_rooms) ? (joined.body.joined_rooms as unknown[]) : [];
  if (rooms.includes(roomId)) return { name, status: 'ok', detail: `the bot is in ${adminRoom}` };
  return { name, status: 'FAIL', detail: `the bot is not in ${adminRoom}`, fix: invite };
}

async function resolveAlias(matrix: MatrixConfig, alias: string, token: string): Promise<string | null> {
  const answer = await request(matrix, 'GET', `/_matrix/client/v3/directory/room/${encodeURIComponent(alias)}`, token).catch(() => null);
  const roomId = answer?.status === 200 ? answer.body?.room_id : undefined;
  return typeof roomId === 'string' ? roomId : null;
}

async function request(matrix: MatrixConfig, method: string, path: string, token?: string): Promise<Answer> {
  const response = await fetch(`${matrix.homeserver}${path}`, {
    method,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
  return { status: response.status, body };
}

function skipped(name: string, detail: string): CheckResult {
  return { name, status: 'skipped', detail };
}
