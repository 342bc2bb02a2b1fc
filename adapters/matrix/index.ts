import { MatrixClient } from 'matrix-bot-sdk';
import type { ChatDeliveries } from '../../src/chat/delivery.ts';
import type { ChatRuntime } from '../../src/chat/types.ts';
import type { Config } from '../../src/config/schema.ts';
import type { Logger } from '../../src/log.ts';
import { Conversation, type RoomEvent } from './conversation.ts';
import { MatrixDelivery } from './delivery.ts';
import { DirectRooms } from './direct-rooms.ts';
import { describeError } from './errors.ts';
import { routeSdkLogs } from './sdk-log.ts';
import { ACCESS_TOKEN_KEY, DatabaseStorageProvider, type MatrixStore } from './store.ts';
import { withRateLimitRetry } from './retry.ts';

export { renderNotice, type MatrixNotice } from './render.ts';
export { ACCESS_TOKEN_KEY, type MatrixStore } from './store.ts';

export interface MatrixOptions {
  config: NonNullable<Config['matrix']>;
  runtime: ChatRuntime;
  /** The app's registry; the adapter registers its delivery once started and removes it on stop. */
  deliveries: ChatDeliveries;
  log: Logger;
  /** The database's Matrix state (src/app.ts passes the MatrixRepository). */
  store: MatrixStore;
  /** The /sync long-poll timeout in ms (default 30 s). */
  syncTimeoutMs?: number;
  /** How long start waits for the homeserver to answer whoami before giving up (default 30 s). */
  startTimeoutMs?: number;
  /** Cancels a start still waiting for the homeserver (Doorman shutting down meanwhile). */
  signal?: AbortSignal;
}

export interface MatrixAdapter {
  client: MatrixClient;
  delivery: MatrixDelivery;
  /** The bot's Matrix id, as whoami confirmed it. */
  userId: string;
  /** `matrix.admin_room` as a room id (an alias is resolved at start), or null. */
  adminRoomId: string | null;
  /** Resolves once every message and invite seen so far is handled (tests, shutdown). */
  idle(): Promise<void>;
  /** Stops syncing, waits for messages in progress, unregisters the delivery. */
  stop(): Promise<void>;
}

/** What to do when there is no token, in the words the log and `doorman doctor` use. */
export const NO_TOKEN_MESSAGE = 'Matrix has no access token: run `doorman matrix login --config FILE` once (it stores one in the database), or set matrix.access_token.';

/**
 * Starts Doorman's Matrix bot (matrix-bot-sdk) against `matrix.homeserver`: `!commands` through the
 * chat runtime, notices back, DMs found or created and remembered, the sync token kept in the
 * database. Resolves once the bot syncs. No end-to-end encryption (the crypto binding is a stub).
 */
export async function startMatrix(options: MatrixOptions): Promise<MatrixAdapter> {
  const { config, store } = options;
  const log = options.log.child({ module: 'matrix' });
  routeSdkLogs(log);
  const token = config.access_token || (await store.readValue(ACCESS_TOKEN_KEY));
  if (!token) throw new Error(NO_TOKEN_MESSAGE);
  const storage = new DatabaseStorageProvider(store, config.user_id);
  const client = new MatrixClient(config.homeserver, token, storage);
  client.syncingTimeout = options.syncTimeoutMs ?? 30_000;
  const stopping = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stopping.signal]) : stopping.signal;
  await confirmAccount(client, config, options.startTimeoutMs ?? 30_000, options.signal);
  const adminRoomId = await resolveAdminRoom(client, config.admin_room, log);
  const rooms = new DirectRooms(client, store, config.user_id, log, signal);
  const delivery = new MatrixDelivery(client, rooms, config.user_id, signal);
  const conversation = new Conversation({
    client, runtime: options.runtime, rooms, botUserId: config.user_id, adminRoomId, replaying: () => storage.replaying, log, signal,
  });
  client.on('room.message', (roomId: string, event: RoomEvent) => conversation.onMessage(roomId, event));
  client.on('room.invite', (roomId: string, event: RoomEvent) => conversation.onInvite(roomId, event));
  client.on('room.event', (roomId: string, event: RoomEvent) => conversation.onEvent(roomId, event));
  await client.start();
  if (adminRoomId) await joinAdminRoom(client, adminRoomId, log);
  const unregister = options.deliveries.register(delivery);
  log.info({ user: config.user_id, homeserver: config.homeserver }, `Matrix bot ${config.user_id} is running`);
  return {
    client, delivery, userId: config.user_id, adminRoomId,
    idle: () => conversation.idle(),
    async stop() {
      unregister();
      client.stop();
      storage.close();
      stopping.abort();
      client.removeAllListeners('room.message');
      client.removeAllListeners('room.invite');
      client.removeAllListeners('room.event');
      await conversation.idle();
    },
  };
}

/** whoami answers with `matrix.user_id`; else a message naming the keys to fix. */
async function confirmAccount(client: MatrixClient, config: MatrixOptions['config'], timeoutMs: number, cancel: AbortSignal | undefined): Promise<void> {
  let whoami: { user_id: string };
  try {
    whoami = await withDeadline(withRateLimitRetry(() => client.getWhoAmI(), cancel), timeoutMs, cancel);
  } catch (error) {
    const status = (error as { statusCode?: unknown }).statusCode;
    if (status === 401) {
      throw new Error(`The Matrix homeserver refused the access token (${describeError(error)}). Run \`doorman matrix login --config FILE\` again, or fix matrix.access_token.`);
    }
    throw new Error(`The Matrix homeserver did not answer whoami (${describeError(error)}). Check matrix.homeserver (the base URL, without /_matrix).`);
  }
  if (whoami.user_id !== config.user_id) {
    throw new Error(`The Matrix access token belongs to ${whoami.user_id}, not to matrix.user_id ${config.user_id}. Log in as ${config.user_id} (\`doorman matrix login\`) or fix matrix.user_id.`);
  }
}

function withDeadline<T>(work: Promise<T>, timeoutMs: number, cancel: AbortSignal | undefined): Promise<T> {
  const signal = cancel ? AbortSignal.any([cancel, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
  return new Promise<T>((resolve, reject) => {
    const give = () => reject(new Error(cancel?.aborted ? 'start cancelled' : `no answer within ${timeoutMs} ms`));
    if (signal.aborted) give();
    signal.addEventListener('abort', give, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', give));
  });
}

/** A room alias (`#admins:example.org`) is resolved once at start; a room id is taken as is. */
async function resolveAdminRoom(client: MatrixClient, adminRoom: string | undefined, log: Logger): Promise<string | null> {
  if (!adminRoom) return null;
  if (adminRoom.startsWith('!')) return adminRoom;
  try {
    return await withRateLimitRetry(() => client.resolveRoom(adminRoom));
  } catch (error) {
    log.warn({ room: adminRoom, reason: describeError(error) }, 'matrix.admin_room could not be resolved; admin commands are accepted in DMs only');
    return null;
  }
}

/** Joins the admin room at start when the bot is not in it yet (an invite or a public room); a refusal is only logged. */
async function joinAdminRoom(client: MatrixClient, roomId: string, log: Logger): Promise<void> {
  try {
    const joined = await withRateLimitRetry(() => client.getJoinedRooms());
    if (!joined.includes(roomId)) await withRateLimitRetry(() => client.joinRoom(roomId));
  } catch (error) {
    log.warn({ room: roomId, reason: describeError(error) }, 'the Matrix bot is not in matrix.admin_room: invite it there');
  }
}
