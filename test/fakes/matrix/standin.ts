import { forbidden } from './errors.ts';
import { Recording, type RecordedRequest, type SentEvent } from './recording.ts';
import { createRoom, joinRoom, leaveRoom, requireJoined, requireRoom } from './rooms.ts';
import { accountRoutes } from './routes-account.ts';
import { roomRoutes } from './routes-rooms.ts';
import { HomeserverHttp } from './server.ts';
import type { StandinState } from './state.ts';
import { SyncWaiters } from './sync.ts';
import { World, type MatrixEvent } from './world.ts';

export interface MatrixStandinOptions {
  /** Default 'example.test'. */
  serverName?: string;
  /** The bot's account. Defaults: '@doorman:{serverName}', token 'syt_doorman_test_token', password 'doorman-password'. */
  bot?: { userId?: string; accessToken?: string; password?: string };
}

export interface UserSaysOptions {
  /** HTML sent as `formatted_body` with `format: org.matrix.custom.html`. */
  formatted?: string;
  /** Default 'm.text'. */
  msgtype?: string;
}

/**
 * A local stand-in for a Matrix homeserver's client-server API that the real matrix-bot-sdk talks to:
 * whoami, login, account data, filters, long-poll sync, rooms (create, join, leave, members, state),
 * idempotent sends, 429s on demand, and a record of every request. Users act through the helpers.
 */
export class MatrixStandin {
  /** `http://127.0.0.1:PORT` (no `/_matrix`): the SDK's homeserverUrl, Doorman's `matrix.homeserver`. */
  readonly homeserverUrl: string;
  readonly serverName: string;
  readonly bot: { userId: string; accessToken: string; password: string };
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly state: StandinState,
    private readonly http: HomeserverHttp,
    bot: { userId: string; accessToken: string; password: string },
  ) {
    this.homeserverUrl = `http://127.0.0.1:${http.port}`;
    this.serverName = state.world.serverName;
    this.bot = bot;
  }

  static async start(options: MatrixStandinOptions = {}): Promise<MatrixStandin> {
    const serverName = options.serverName ?? 'example.test';
    const bot = {
      userId: options.bot?.userId ?? `@doorman:${serverName}`,
      accessToken: options.bot?.accessToken ?? 'syt_doorman_test_token',
      password: options.bot?.password ?? 'doorman-password',
    };
    const world = new World(serverName);
    const state: StandinState = {
      world,
      recording: new Recording(),
      syncs: new SyncWaiters(world),
      sessions: new Map([[bot.accessToken, { userId: bot.userId, deviceId: 'DOORMANTEST' }]]),
      passwords: new Map([[bot.userId, bot.password]]),
      transactions: new Map(),
      refusingInvites: new Set(),
      filters: new Map(),
    };
    const http = await HomeserverHttp.listen(state, [...accountRoutes(state), ...roomRoutes(state)]);
    return new MatrixStandin(state, http, bot);
  }

  /** Answers parked syncs at once, waits for ~50 ms of quiet, closes. Call `client.stop()` first. */
  close(): Promise<void> {
    this.closing ??= this.http.close();
    return this.closing;
  }

  // ── what users do ────────────────────────────────────────────────────────────────────────────

  /** `fromUserId` creates a room and invites the bot (`is_direct` on the invite when isDirect, the default). */
  inviteBot(fromUserId: string, options: { isDirect?: boolean } = {}): string {
    return createRoom(this.state, fromUserId, [this.bot.userId], options.isDirect ?? true, 'trusted_private_chat').roomId;
  }

  /** An m.room.message (m.text unless told) from a joined user; formatted adds org.matrix.custom.html. */
  userSays(roomId: string, userId: string, text: string, options: UserSaysOptions = {}): MatrixEvent {
    const room = requireRoom(this.state, roomId);
    requireJoined(this.state, room, userId);
    const content: Record<string, unknown> = { msgtype: options.msgtype ?? 'm.text', body: text };
    if (options.formatted !== undefined) Object.assign(content, { format: 'org.matrix.custom.html', formatted_body: options.formatted });
    return this.state.world.append(room, userId, 'm.room.message', content);
  }

  /** Any room event from a joined user (e.g. `m.room.encrypted`, which the bot cannot read). */
  userSendsEvent(roomId: string, userId: string, type: string, content: Record<string, unknown>): MatrixEvent {
    const room = requireRoom(this.state, roomId);
    requireJoined(this.state, room, userId);
    return this.state.world.append(room, userId, type, content);
  }

  /** The user joins (they must be invited, or the room public); nothing happens if already joined. */
  userJoins(roomId: string, userId: string): MatrixEvent | undefined {
    return joinRoom(this.state, requireRoom(this.state, roomId), userId);
  }

  userLeaves(roomId: string, userId: string): MatrixEvent | undefined {
    return leaveRoom(this.state, requireRoom(this.state, roomId), userId);
  }

  /** A member invites another user into a room they are in (the bot, or a simulated user who then joins). */
  userInvites(roomId: string, fromUserId: string, userId: string, options: { isDirect?: boolean } = {}): MatrixEvent {
    const room = requireRoom(this.state, roomId);
    if (this.state.world.membership(room, fromUserId) !== 'join') throw forbidden(`${fromUserId} is not in ${roomId}`);
    return this.state.world.setMembership(room, fromUserId, userId, 'invite', options.isDirect ? { is_direct: true } : {});
  }

  /** From now on `userId` leaves invites pending (createRoom invites them but they never join). */
  refuseInvites(userId: string): void {
    this.state.refusingInvites.add(userId);
  }

  // ── faults ───────────────────────────────────────────────────────────────────────────────────

  /**
   * The next `times` requests whose decoded path (after `/_matrix/client/v3`) contains `pathPattern`
   * (or matches it, for a RegExp) answer 429 `{errcode:'M_LIMIT_EXCEEDED', retry_after_ms}`.
   */
  rateLimitNext(pathPattern: string | RegExp, retryAfterMs: number, times = 1): void {
    this.http.rateLimitNext(pathPattern, retryAfterMs, times);
  }

  // ── what the server knows ────────────────────────────────────────────────────────────────────

  /** Room ids `userId` is joined to (or has `membership` in). */
  roomsOf(userId: string, membership: 'join' | 'invite' | 'leave' = 'join'): string[] {
    return this.state.world.roomsWith(userId, membership);
  }

  membership(roomId: string, userId: string): 'join' | 'invite' | 'leave' | undefined {
    return this.state.world.membership(requireRoom(this.state, roomId), userId);
  }

  /** The room's timeline, oldest first. */
  timeline(roomId: string): MatrixEvent[] {
    return requireRoom(this.state, roomId).events.map((stored) => stored.event);
  }

  accountData(userId: string, type: string): Record<string, unknown> | undefined {
    return this.state.world.getAccountData(userId, type);
  }

  /** Events sent through the send endpoint by `userId` (default the bot), in `roomId` if given, oldest first. */
  sentBy(userId: string = this.bot.userId, roomId?: string): SentEvent[] {
    return this.state.recording.sent.filter((event) => event.sender === userId && (roomId === undefined || event.roomId === roomId));
  }

  /** The first sent event matching (already sent or arriving later); rejects after timeoutMs. */
  waitForSent(predicate: (event: SentEvent, index: number) => boolean, timeoutMs = 3000): Promise<SentEvent> {
    return this.state.recording.waitForSent(predicate, timeoutMs);
  }

  /** The next event the bot sends from now on (to `roomId` if given). */
  nextSent(roomId?: string, timeoutMs = 3000): Promise<SentEvent> {
    const from = this.state.recording.sent.length;
    return this.waitForSent((event, index) => index >= from && event.sender === this.bot.userId && (roomId === undefined || event.roomId === roomId), timeoutMs);
  }

  /** Every request, in arrival order (parked syncs have status null). */
  get requests(): readonly RecordedRequest[] {
    return this.state.recording.requests;
  }

  /** The first answered request matching (already or later); rejects after timeoutMs with what arrived. */
  waitFor(predicate: (request: RecordedRequest, index: number) => boolean, timeoutMs = 3000): Promise<RecordedRequest> {
    return this.state.recording.waitForRequest(predicate, timeoutMs);
  }

  /** How many /sync long polls are parked right now (the bot is idle and listening when ≥ 1). */
  get parkedSyncs(): number {
    return this.state.syncs.parkedCount;
  }

  /** Resolves once a /sync long poll is parked (the client has handled everything and is listening). */
  async waitForParkedSync(timeoutMs = 3000): Promise<void> {
    const started = Date.now();
    while (this.state.syncs.parkedCount === 0) {
      if (Date.now() - started > timeoutMs) throw new Error(`Matrix stand-in: no /sync parked within ${timeoutMs} ms; requests so far:\n${this.state.recording.dump()}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}
