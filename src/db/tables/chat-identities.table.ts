import type { Insertable, Selectable } from 'kysely';

/** A chat account Doorman has seen: who it is on its platform and, once linked, whose Jellyfin account it is. */
export interface ChatIdentitiesTable {
  platform: string;
  user_id: string;
  /** The handle as last seen (`@alice` on Telegram). */
  handle: string | null;
  /** The handle without `@`, lower-cased: what `invite send @Alice` and the page's handle field look up. */
  handle_key: string | null;
  /** The language the person chose with `lang`. */
  lang: string | null;
  /** The language their chat client reports (Telegram's language_code), as last seen; used when `lang` is unset. */
  client_lang: string | null;
  /** 1 when notices may reach this chat. */
  notify: number;
  jellyfin_user_id: string | null;
  linked_at: string | null;
  first_seen_at: string;
  last_seen_at: string;
}

export type ChatIdentityRow = Selectable<ChatIdentitiesTable>;
export type NewChatIdentityRow = Insertable<ChatIdentitiesTable>;
