import type { Db } from '../db/database.ts';
import { ChatIdentitiesRepository } from '../db/repositories/chat-identities.repository.ts';
import type { ChatIdentityRow } from '../db/tables/chat-identities.table.ts';
import type { MessageCatalogue } from '../messages/catalogue.ts';

/**
 * A chat client's language tag as Doorman stores it: `de_at`, `DE-at` → `de-AT`; only language and
 * region are kept. Null for anything that is not a language tag (clients send what they like).
 */
export function clientLanguage(raw: string | undefined | null): string | null {
  const tag = raw?.trim().replace(/_/g, '-');
  if (!tag || !/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i.test(tag)) return null;
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    const locale = new Intl.Locale(canonical);
    return locale.region ? `${locale.language}-${locale.region}` : locale.language;
  } catch {
    return null;
  }
}

/**
 * Which language a person's messages are written in: the one they chose with `lang` on any of their
 * chat accounts (the most recently seen first), else the language of their chat client (Telegram's
 * language_code on the messages they sent), else messages.language. Regional codes use their base
 * catalogue unless a regional one exists (`de-AT` → `de`).
 */
export class LanguageResolver {
  private readonly identities: ChatIdentitiesRepository;

  constructor(
    db: Db,
    private readonly catalogue: Pick<MessageCatalogue, 'pickLanguage'>,
  ) {
    this.identities = new ChatIdentitiesRepository(db);
  }

  /** The language for a Jellyfin account, from every chat account linked to it. */
  async languageFor(jellyfinUserId: string): Promise<string> {
    return this.pick(await this.identities.listByAccount(jellyfinUserId));
  }

  /** The language for one chat account, linked or not (an invite sent to a handle, a PIN DM). */
  async languageForChat(platform: string, userId: string): Promise<string> {
    const row = await this.identities.find(platform, userId);
    return this.pick(row ? [row] : []);
  }

  private pick(rows: ChatIdentityRow[]): string {
    return languageOfChats(this.catalogue, rows);
  }
}

/**
 * The language for a person known by these chat accounts (one, for a notice to that chat; all of
 * an account's, for its email): the one chosen with `lang` (most recently seen first), else a
 * client's, else messages.language.
 */
export function languageOfChats(catalogue: Pick<MessageCatalogue, 'pickLanguage'>, rows: readonly ChatIdentityRow[]): string {
  const recentFirst = [...rows].sort((a, b) => b.last_seen_at.localeCompare(a.last_seen_at));
  const chosen = recentFirst.find((row) => row.lang)?.lang;
  const client = recentFirst.find((row) => row.client_lang)?.client_lang;
  return catalogue.pickLanguage({ chosen, client });
}
