import type { MatrixClient } from 'matrix-bot-sdk';
import { randomUUID } from 'node:crypto';
import type { Reply } from '../../commands/reply.ts';
import { ChatDeliveryError, type ChatDelivery, type DirectSendOptions } from '../../src/chat/delivery.ts';
import { MATRIX_USER_ID, type DirectRooms } from './direct-rooms.ts';
import { describeError, safeError } from './errors.ts';
import { renderNotice, type MatrixNotice } from './render.ts';
import { rateLimitWaitMs, withRateLimitRetry } from './retry.ts';

/**
 * Sends one notice to a room. The transaction id is chosen once per message, so a retry after a
 * rate limit (or a lost answer) is the same event for the homeserver, never a duplicate.
 */
export async function sendNotice(client: MatrixClient, roomId: string, notice: MatrixNotice, signal?: AbortSignal, attempts?: number): Promise<string> {
  const txnId = `doorman-${randomUUID()}`;
  const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/${encodeURIComponent(txnId)}`;
  const answer = (await withRateLimitRetry(() => client.doRequest('PUT', path, null, notice), signal, attempts)) as { event_id: string };
  return answer.event_id;
}

/**
 * Direct sends to one Matrix user (a PIN, an invite link) through their DM room, found or created.
 * The homeserver refusing (no such user, invites not allowed, a malformed id) is `closed`; a network
 * failure, a 5xx or a rate limit that outlasts the retries is `unavailable`.
 */
export class MatrixDelivery implements ChatDelivery {
  readonly platform = 'matrix' as const;
  /** The bot's Matrix id without `@` (`doorman:example.org`), so "@{botHandle}" is its id. */
  readonly botHandle: string;

  constructor(
    private readonly client: MatrixClient,
    private readonly rooms: DirectRooms,
    botUserId: string,
    private readonly signal?: AbortSignal,
  ) {
    this.botHandle = botUserId.replace(/^@/, '');
  }

  /** With `rateLimits: 'report'` (the outbox) a 429 is thrown at once as `rate_limited` with its retryAfterMs. */
  async sendDirect(userId: string, reply: Reply, options?: DirectSendOptions): Promise<void> {
    if (!MATRIX_USER_ID.test(userId)) throw new ChatDeliveryError('matrix', 'closed', `"${userId}" is not a Matrix user id (like @alice:example.org).`);
    const attempts = options?.rateLimits === 'report' ? 1 : undefined;
    try {
      const roomId = await this.rooms.roomFor(userId, attempts);
      await sendNotice(this.client, roomId, renderNotice(reply), this.signal, attempts);
    } catch (error) {
      throw deliveryError(error, attempts === 1);
    }
  }

  /**
   * A notice to a room the bot is in (`matrix.admin_room` for admin notices; an alias `#room:server`
   * is resolved first); failures as in sendDirect.
   */
  async sendToRoom(roomId: string, reply: Reply, options?: DirectSendOptions): Promise<void> {
    const report = options?.rateLimits === 'report';
    const attempts = report ? 1 : undefined;
    try {
      const target = roomId.startsWith('#') ? await withRateLimitRetry(() => this.client.resolveRoom(roomId), this.signal, attempts) : roomId;
      await sendNotice(this.client, target, renderNotice(reply), this.signal, attempts);
    } catch (error) {
      throw deliveryError(error, report);
    }
  }

  /**
   * A Matrix id is its own handle: any well-formed `@user:server` can be messaged (whether it exists
   * is the homeserver's answer to the DM). `user:server` without the `@` is taken too.
   */
  async lookupHandle(handle: string): Promise<{ userId: string; handle: string } | null> {
    const typed = handle.trim();
    const userId = typed.startsWith('@') ? typed : `@${typed}`;
    return MATRIX_USER_ID.test(userId) ? { userId, handle: userId } : null;
  }
}

/**
 * The homeserver's answer as a ChatDeliveryError: a refusal (4xx other than 401 and 429) is `closed`;
 * a rate limit is `rate_limited` when the caller asked to have them reported; the rest `unavailable`.
 */
export function deliveryError(error: unknown, reportRateLimits = false): ChatDeliveryError {
  if (error instanceof ChatDeliveryError) return error;
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  const status = typeof statusCode === 'number' ? statusCode : null;
  const detail = describeError(error);
  const wait = rateLimitWaitMs(error);
  if (wait !== null && reportRateLimits) {
    return new ChatDeliveryError('matrix', 'rate_limited', `The Matrix homeserver asked to wait ${wait} ms (${detail}).`, { cause: safeError(error), retryAfterMs: wait });
  }
  if (status !== null && status >= 400 && status < 500 && status !== 429 && status !== 401) {
    return new ChatDeliveryError('matrix', 'closed', `The Matrix homeserver refused the direct message (${detail}).`, { cause: safeError(error) });
  }
  return new ChatDeliveryError('matrix', 'unavailable', `The Matrix homeserver could not be reached (${status ?? 'no answer'}: ${detail}).`, { cause: safeError(error) });
}
