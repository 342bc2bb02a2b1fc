import type { MatrixClient } from 'matrix-bot-sdk';
import type { ChatRuntime } from '../../src/chat/types.ts';
import type { Logger } from '../../src/log.ts';
import { sendNotice } from './delivery.ts';
import type { DirectRooms } from './direct-rooms.ts';
import { describeError, safeError } from './errors.ts';
import { plainNotice, renderNotice } from './render.ts';
import { withRateLimitRetry } from './retry.ts';

/** The parts of a room event Doorman reads. */
export interface RoomEvent {
  event_id?: string;
  sender?: string;
  type?: string;
  state_key?: string;
  content?: Record<string, unknown>;
}

export interface ConversationDeps {
  client: MatrixClient;
  runtime: ChatRuntime;
  rooms: DirectRooms;
  botUserId: string;
  /** The resolved `matrix.admin_room`, or null. */
  adminRoomId: string | null;
  /** True while events replayed by a sync without a token are handed out: they are not run. */
  replaying: () => boolean;
  log: Logger;
  signal?: AbortSignal;
}

/**
 * What the bot does with what it sees. A direct room (the bot and one person): every text message
 * is run (`!cmd`, `cmd`, a bare PIN). The admin room and any other room: only messages starting
 * with `!`. Replies are notices in the room the command came from. Invites: joined when `is_direct`
 * or to the admin room, rejected otherwise.
 */
export class Conversation {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly toldEncrypted = new Set<string>();

  constructor(private readonly deps: ConversationDeps) {}

  /** The SDK's `room.message` listener: starts the work and keeps track of it (see idle). */
  onMessage(roomId: string, event: RoomEvent): void {
    // Read now: the SDK moves on to the next sync once this listener returns.
    if (this.deps.replaying()) return;
    this.track(this.handleMessage(roomId, event));
  }

  /**
   * The SDK's `room.event` listener. A person leaving their DM: the bot leaves too (no empty rooms
   * pile up) and forgets it. An encrypted message: the bot cannot read it (no crypto here), so it
   * says so once per room instead of staying silent.
   */
  onEvent(roomId: string, event: RoomEvent): void {
    if (event.sender === this.deps.botUserId || this.deps.replaying()) return;
    if (event.type === 'm.room.member' && event.content?.membership === 'leave' && event.state_key === event.sender && event.sender) {
      this.track(this.personLeft(roomId, event.sender));
      return;
    }
    if (event.type !== 'm.room.encrypted') return;
    if (this.toldEncrypted.has(roomId)) return;
    this.toldEncrypted.add(roomId);
    this.track(this.sayEncrypted(roomId));
  }

  /** The SDK's `room.invite` listener. */
  onInvite(roomId: string, event: RoomEvent): void {
    this.track(this.handleInvite(roomId, event));
  }

  /** Resolves once every message and invite seen so far is handled. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async handleMessage(roomId: string, event: RoomEvent): Promise<void> {
    const { runtime, botUserId, log } = this.deps;
    const text = commandText(event);
    const sender = event.sender;
    if (text === null || !sender || sender === botUserId) return;
    try {
      const inAdminRoom = roomId === this.deps.adminRoomId;
      const inDm = !inAdminRoom && (await this.deps.rooms.isDirectWith(roomId, sender));
      if (!inDm && !text.trimStart().startsWith('!')) return;
      const caller = await runtime.identify({ platform: 'matrix', userId: sender, handle: sender, inDm });
      const reply = await runtime.run(caller, text);
      if (reply.text === '' && !reply.fields && !reply.table) return;
      await sendNotice(this.deps.client, roomId, renderNotice(reply), this.deps.signal);
    } catch (error) {
      await this.apologise(roomId, event, error);
    }
  }

  /** A failure outside the runtime (the homeserver, the database): logged, and the person told when possible. */
  private async apologise(roomId: string, event: RoomEvent, error: unknown): Promise<void> {
    const refusal = this.deps.runtime.refusal(safeError(error));
    this.deps.log.error({ err: safeError(error), room: roomId, event: event.event_id }, 'a Matrix message could not be handled');
    await sendNotice(this.deps.client, roomId, renderNotice(refusal), this.deps.signal).catch((failure: unknown) =>
      this.deps.log.warn({ room: roomId, reason: describeError(failure) }, 'the apology could not be sent either'),
    );
  }

  private async personLeft(roomId: string, userId: string): Promise<void> {
    try {
      if (!(await this.deps.rooms.forget(userId, roomId))) return;
      await withRateLimitRetry(() => this.deps.client.leaveRoom(roomId), this.deps.signal);
      this.deps.log.info({ room: roomId, user: userId }, 'left a Matrix direct room the person left');
    } catch (error) {
      this.deps.log.warn({ room: roomId, reason: describeError(error) }, 'could not leave a Matrix direct room the person left');
    }
  }

  private async sayEncrypted(roomId: string): Promise<void> {
    await sendNotice(this.deps.client, roomId, plainNotice(ENCRYPTED_ROOM_NOTICE), this.deps.signal).catch((error: unknown) =>
      this.deps.log.warn({ room: roomId, reason: describeError(error) }, 'could not tell an encrypted room that the bot cannot read it'),
    );
  }

  private async handleInvite(roomId: string, event: RoomEvent): Promise<void> {
    const { client, log, signal } = this.deps;
    const direct = event.content?.is_direct === true;
    const inviter = event.sender;
    try {
      if (roomId === this.deps.adminRoomId || (direct && inviter)) {
        await withRateLimitRetry(() => client.joinRoom(roomId), signal);
        if (roomId !== this.deps.adminRoomId && inviter) await this.deps.rooms.remember(inviter, roomId);
        log.info({ room: roomId, inviter }, roomId === this.deps.adminRoomId ? 'joined the Matrix admin room' : 'joined a Matrix direct room');
      } else {
        await withRateLimitRetry(() => client.leaveRoom(roomId), signal);
        log.info({ room: roomId, inviter }, 'rejected an invite to a Matrix room that is neither direct nor the admin room');
      }
    } catch (error) {
      log.warn({ room: roomId, inviter, reason: describeError(error) }, 'a Matrix invite could not be answered');
    }
  }
}

/** What the bot answers to an encrypted message it cannot read. */
export const ENCRYPTED_ROOM_NOTICE =
  'This room is end-to-end encrypted, and Doorman cannot read encrypted messages. Please start a direct chat with me without encryption (in Element: turn off "Enable end-to-end encryption" when you create it) and send your command there.';

/**
 * The text to run, or null: only `m.text` messages (notices are other bots'), not edits, and
 * without the quoted fallback a reply carries.
 */
export function commandText(event: RoomEvent): string | null {
  const content = event.content;
  if (event.type !== 'm.room.message' || !content || content.msgtype !== 'm.text' || typeof content.body !== 'string') return null;
  const relation = content['m.relates_to'] as { rel_type?: string; 'm.in_reply_to'?: unknown } | undefined;
  if (relation?.rel_type === 'm.replace') return null;
  if (!relation?.['m.in_reply_to']) return content.body;
  const lines = content.body.split('\n');
  let first = 0;
  while (first < lines.length && lines[first].startsWith('>')) first++;
  return lines.slice(first).join('\n').trim();
}
