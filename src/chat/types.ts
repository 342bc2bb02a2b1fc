import type { Reply } from '../../commands/reply.ts';
import type { Caller } from '../../commands/types.ts';

/** The chat platforms Doorman knows. An adapter exists per platform; the core knows none of them. */
export type Platform = 'telegram' | 'discord' | 'matrix';

export const PLATFORMS: readonly Platform[] = ['telegram', 'discord', 'matrix'];

export const PLATFORM_NAMES: Record<Platform, string> = { telegram: 'Telegram', discord: 'Discord', matrix: 'Matrix' };

/** Who wrote a message, as the adapter saw it. */
export interface ChatIdentity {
  platform: Platform;
  /** The platform's stable user id, as text (Telegram's exceed 2^31). */
  userId: string;
  /** The display handle (`@alice` on Telegram); absent when the person has none. */
  handle?: string;
  /**
   * True when the answer reaches only this person: a private chat with the bot, or a reply only they
   * can see (Discord's ephemeral reply, also in a guild channel). Secrets and linking only happen then.
   */
  inDm: boolean;
  /** The person's roles where the message came from (Discord guild roles); admin roles are config. */
  roles?: readonly string[];
  /** The language the chat client reports (Telegram's `language_code`, e.g. `de-AT`); stored as the client language. */
  language?: string;
}

/** A top-level word for the platform's command menu (Telegram's setMyCommands). */
export interface ChatMenuEntry {
  command: string;
  description: string;
}

/**
 * Where the values of one command option come from, for platforms that list them (Discord's choices
 * and autocomplete). The core decides; an adapter only shows them.
 */
export interface OptionValues {
  /** The command's words: `invite create`. */
  command: string;
  option: string;
  /** A small closed set, listed whole (profile names, language codes). */
  choices?: string[];
  /** An open set (Jellyfin users, invite codes): ask `suggest` while the person types. */
  suggest?: true;
}

/**
 * What an adapter calls. Implemented by the core (src/core/chat-runtime.ts), built in src/app.ts.
 * Adapters never see services, repositories or config rules: only this, commands' Reply and Caller.
 */
export interface ChatRuntime {
  /** Records the sighting (handle as last seen) and says who this is: admin, linked account, DM. */
  identify(identity: ChatIdentity): Promise<Caller>;
  /**
   * Runs one typed message: `/invite create uses:2`, `/invite@DoormanBot list`, `!me`, or a bare PIN
   * in a DM. Never rejects: refusals and crashes come back as a Reply rendered by `refusal`.
   */
  run(caller: Caller, text: string): Promise<Reply>;
  /** One rendering of any failure for chat: a DomainError's message (with usage), else an apology with a reference. */
  refusal(error: unknown): Reply;
  /** Top-level words with descriptions for the platform's menu, one list for admins and one for everyone else. */
  commandsFor(who: { admin: boolean }): ChatMenuEntry[];
  /** Every option whose values Doorman can list: closed sets with their values, open sets marked `suggest`. */
  optionValues?(): Promise<OptionValues[]>;
  /** Up to 25 values for an open set matching what the caller typed so far (case-insensitive); [] when none or not allowed. */
  suggest?(caller: Caller, input: { command: string; option: string; typed: string }): Promise<string[]>;
  /** Calls `listener` whenever the values behind `optionValues` change (a profile captured, renamed or deleted); returns the unsubscribe. */
  onOptionValuesChanged?(listener: () => void): () => void;
}

export type { Caller, Reply };
