import { randomBytes } from 'node:crypto';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Reply } from '../../commands/reply.ts';

/** How long a Confirm button works; after that the admin sends the command again. */
export const CONFIRM_TTL_MS = 10 * 60_000;
/** At most this many confirmations wait at once; the oldest is forgotten first. */
const MAX_PENDING = 1000;

/** A command waiting for its Confirm press: who asked, where, and exactly what they typed. */
export interface PendingConfirmation {
  userId: number;
  chatId: number;
  text: string;
  expiresAt: number;
}

/**
 * The commands waiting for a Confirm press, kept here (never in the button): callback_data only
 * carries `c:<id>` or `x:<id>` with a short random id, so nobody can forge a command through a
 * button and the data stays far below Telegram's 64 bytes. Kept in memory: a restart forgets
 * them, and pressing then answers "expired", which is safe.
 */
export class PendingConfirmations {
  private readonly pending = new Map<string, PendingConfirmation>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Stores the command and returns the id its buttons carry. */
  add(entry: Omit<PendingConfirmation, 'expiresAt'>): string {
    this.sweep();
    const id = randomBytes(9).toString('base64url');
    this.pending.set(id, { ...entry, expiresAt: this.now() + CONFIRM_TTL_MS });
    if (this.pending.size > MAX_PENDING) this.pending.delete(this.pending.keys().next().value as string);
    return id;
  }

  /** The confirmation while it is still valid; undefined when unknown or expired. */
  find(id: string): PendingConfirmation | undefined {
    const entry = this.pending.get(id);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.pending.delete(id);
      return undefined;
    }
    return entry;
  }

  /** Forgets it: a confirmation is used (or cancelled) once. */
  remove(id: string): void {
    this.pending.delete(id);
  }

  get size(): number {
    return this.pending.size;
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, entry] of this.pending) if (entry.expiresAt <= now) this.pending.delete(id);
  }
}

export type ButtonPress = { action: 'confirm' | 'cancel'; id: string };

export function confirmKeyboard(id: string): InlineKeyboardMarkup {
  return {
    inline_keyboard: [[
      { text: 'Confirm', callback_data: `c:${id}` },
      { text: 'Cancel', callback_data: `x:${id}` },
    ]],
  };
}

/** Reads a button's callback_data; null for anything Doorman did not put there. */
export function parseButton(data: string | undefined): ButtonPress | null {
  const match = /^([cx]):([A-Za-z0-9_-]{1,32})$/.exec(data ?? '');
  if (!match) return null;
  return { action: match[1] === 'c' ? 'confirm' : 'cancel', id: match[2] };
}

/** A command that refused with `confirmation_required`, or one whose reply asks for a confirmation. */
export function wantsConfirmation(reply: Reply): boolean {
  return reply.confirm !== undefined || errorCodeOf(reply) === 'confirmation_required';
}

/**
 * The question shown above the buttons. The core's wording tells CLI users to repeat the command
 * with --yes; here the button does that, so that sentence is left out.
 */
export function confirmationQuestion(reply: Reply): Reply {
  const text = reply.text.replace(/\s*Run it again with --yes to confirm\.?\s*$/i, '').trim();
  return { ...reply, text: `${text}\n\nPress Confirm to go ahead.`.trim() };
}

/** The command as typed, confirmed: every surface's commands take `confirm:true` as the CLI's --yes. */
export function confirmedCommand(text: string): string {
  return `${text.trim()} confirm:true`;
}

export function errorCodeOf(reply: Reply): string | undefined {
  const data = reply.data as { error?: { code?: unknown } } | undefined;
  return typeof data?.error?.code === 'string' ? data.error.code : undefined;
}
