import type { OutboxPlatform } from '../db/tables/outbox.table.ts';

export type { OutboxPlatform, OutboxStatus } from '../db/tables/outbox.table.ts';

/** What a message says, already rendered in the recipient's language by whoever enqueues it. */
export interface OutboxContent {
  /** The email subject (chat channels ignore it). */
  subject?: string;
  markdown: string;
  /** Email only: the opt-out link (List-Unsubscribe) of an announcement. */
  unsubscribeUrl?: string;
}

/** One message for one recipient on one channel. */
export interface OutboxMessage {
  /**
   * The event it belongs to, stable across retries of that event: `welcome:<jellyfin id>`,
   * `announcement:<id>`. With the channel it makes the idempotency key, so enqueueing the same
   * event twice for a channel queues one message.
   */
  key: string;
  platform: OutboxPlatform;
  /**
   * The chat user id (telegram, discord, matrix), a room or channel as `room:<id>` (a Matrix room
   * id `!…` also as it is; a Telegram group is its chat id), or the email address.
   */
  target: string;
  /** The catalogue message id (`welcome`, `announcement`, …) or `reply`. */
  messageId: string;
  content: OutboxContent;
  /** The Jellyfin user it is about, when there is one. */
  account?: string | null;
}

/** A message the worker gave up on, for the admins' "could not deliver" notice. */
export interface GivenUpMessage {
  id: string;
  platform: OutboxPlatform;
  target: string;
  messageId: string;
  /** The Jellyfin user it was about, when known. */
  account: string | null;
  /** `failed`: refused for good (blocked the bot, address refused); `dead`: out of attempts. */
  status: 'failed' | 'dead';
  attempts: number;
  error: string;
}

/** An email as the outbox hands it over; adapters/email's EmailDelivery is the real sender. */
export interface EmailMessage {
  to: string;
  subject: string;
  markdown: string;
  unsubscribeUrl?: string;
}

/**
 * Sends one email. Rejects with an error that has `permanent: true` (or an SMTP 5xx `responseCode`)
 * when the address will never accept it; anything else is retried with backoff.
 */
export interface EmailSender {
  send(message: EmailMessage): Promise<unknown>;
}

/** How the worker waits: real timers by default, a virtual clock in pacing tests. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const realSleep: Sleep = (ms, signal) =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, Math.max(0, ms));
    signal?.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
