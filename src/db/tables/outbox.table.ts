import type { Insertable, Selectable } from 'kysely';

export type OutboxPlatform = 'telegram' | 'discord' | 'matrix' | 'email';

/**
 * `pending`: waiting for next_attempt_at; `sending`: handed to the platform (a row left here by a
 * killed process is sent again: delivery is at least once); `sent`; `failed`: the platform refuses
 * this recipient for good (blocked the bot); `dead`: gave up after outbox.max_attempts.
 */
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'dead';

/** One message to one recipient on one channel, already rendered in the recipient's language. */
export interface OutboxTable {
  id: string;
  /** Unique per event and channel: `<event key>/<platform>/<target>`; a second enqueue is ignored. */
  idempotency_key: string;
  platform: OutboxPlatform;
  /** Chat user id (telegram, discord, matrix) or email address. */
  target: string;
  /** Catalogue message id (`welcome`, `announcement`, …) or `reply`. */
  message_id: string;
  /** JSON of OutboxContent: {subject?, markdown, unsubscribeUrl?}. */
  content: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  /** The last change of status (the time of the failure, for `outbox status`). */
  updated_at: string;
  sent_at: string | null;
  jellyfin_user_id: string | null;
}

export type OutboxRow = Selectable<OutboxTable>;
export type NewOutboxRow = Insertable<OutboxTable>;
