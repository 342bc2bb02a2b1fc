import type { MatrixClient } from 'matrix-bot-sdk';
import type { Logger } from '../../src/log.ts';
import { withRateLimitRetry } from './retry.ts';
import type { MatrixStore } from './store.ts';

/** A Matrix user id: `@localpart:server`. */
export const MATRIX_USER_ID = /^@[^:\s]+:[^\s]+$/;

/**
 * The direct room of each person. Remembered in the database (a restart opens no new rooms): the
 * room the person invited the bot to, else one from the bot's `m.direct` account data, else a new
 * room (createRoom with `is_direct` and an invite). A remembered room the person or the bot has
 * left is forgotten and replaced.
 */
export class DirectRooms {
  constructor(
    private readonly client: MatrixClient,
    private readonly store: MatrixStore,
    private readonly botUserId: string,
    private readonly log: Logger,
    private readonly signal?: AbortSignal,
  ) {}

  /** The person opened this DM with the bot (an invite with `is_direct`): it is theirs from now on. */
  async remember(userId: string, roomId: string): Promise<void> {
    await this.store.rememberDmRoom(userId, roomId);
  }

  /** Forgets `roomId` as this person's DM; false when it was not (then nothing changes). */
  async forget(userId: string, roomId: string): Promise<boolean> {
    if ((await this.store.dmRoomOf(userId)) !== roomId) return false;
    await this.store.forgetDmRoom(userId, roomId);
    return true;
  }

  /** True when `roomId` holds exactly the bot and this person (both joined). */
  async isDirectWith(roomId: string, userId: string): Promise<boolean> {
    const members = await withRateLimitRetry(() => this.client.getJoinedRoomMembers(roomId), this.signal);
    return members.length === 2 && members.includes(userId) && members.includes(this.botUserId);
  }

  /**
   * The person's DM room, found or created; rejects with the homeserver's error when it cannot be.
   * `attempts` (see withRateLimitRetry): 1 passes a rate limit on instead of waiting.
   */
  async roomFor(userId: string, attempts?: number): Promise<string> {
    const remembered = await this.store.dmRoomOf(userId);
    if (remembered && (await this.stillDirect(remembered, userId, attempts))) return remembered;
    if (remembered) await this.store.forgetDmRoom(userId, remembered);
    const roomId = await withRateLimitRetry(() => this.client.dms.getOrCreateDm(userId, (invitee) => this.create(invitee, attempts)), this.signal, attempts);
    await this.store.rememberDmRoom(userId, roomId);
    return roomId;
  }

  /** The bot is still in the room and the person is joined or invited (an invite not yet accepted still counts). */
  private async stillDirect(roomId: string, userId: string, attempts?: number): Promise<boolean> {
    try {
      const members = await withRateLimitRetry(() => this.client.getAllRoomMembers(roomId), this.signal, attempts);
      const state = (member: string) => members.find((event) => event.membershipFor === member)?.effectiveMembership;
      return state(this.botUserId) === 'join' && ['join', 'invite'].includes(state(userId) ?? '');
    } catch (error) {
      // 403/404: the bot is no longer in that room. Anything else (an outage) is the caller's to report.
      const status = (error as { statusCode?: number }).statusCode;
      if (status === 403 || status === 404) return false;
      throw error;
    }
  }

  private async create(userId: string, attempts?: number): Promise<string> {
    const roomId = await withRateLimitRetry(
      () => this.client.createRoom({ invite: [userId], is_direct: true, preset: 'trusted_private_chat' }),
      this.signal,
      attempts,
    );
    this.log.info({ room: roomId, user: userId }, 'opened a Matrix direct room');
    return roomId;
  }
}
