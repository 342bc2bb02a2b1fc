import type { Insertable, Selectable } from 'kysely';

/**
 * A PIN that proves a chat account during sign-up. `page_to_bot`: the page showed it and the chat
 * user sent it to the bot (user_id is set on verification). `bot_to_page`: the bot sent it to
 * user_id and the person types it on the page.
 */
export interface ContactPinsTable {
  id: string;
  /** SHA-256 hex of the PIN; the PIN itself is never stored. */
  pin_hash: string;
  platform: string;
  invite_code: string;
  direction: 'page_to_bot' | 'bot_to_page';
  user_id: string | null;
  handle: string | null;
  created_at: string;
  expires_at: string;
  verified_at: string | null;
  consumed_at: string | null;
}

export type ContactPinRow = Selectable<ContactPinsTable>;
export type NewContactPinRow = Insertable<ContactPinsTable>;
