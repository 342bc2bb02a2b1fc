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
  /** True in a private chat with the bot; secrets and linking only happen there. */
  inDm: boolean;
  /** The person's roles where the message came from (Discord guild roles); admin roles are config. */
  roles?: readonly string[];
}

/** A top-level word for the platform's command menu (Telegram's setMyCommands). */
export interface ChatMenuEntry {
  command: string;
  description: string;
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
}

export type { Caller, Reply };
