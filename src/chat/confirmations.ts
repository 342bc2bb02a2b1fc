import { randomBytes } from 'node:crypto';
import type { Reply } from '../../commands/reply.ts';

/**
 * Confirm / Cancel buttons for any chat platform: a command that refused with
 * `confirmation_required` (or whose reply carries `confirm`) is kept here under a short random id,
 * and the buttons carry only that id, so nobody can forge a command through a button. In memory:
 * a restart forgets them, and a press then answers "expired", which is safe.
 */

/** How long a Confirm button works; after that the person sends the command again. */
export const CONFIRM_TTL_MS = 10 * 60_000;
/** At most this many confirmations wait at once; the oldest is forgotten first. */
const MAX_PENDING = 1000;

/** A command waiting for its Confirm press: who asked and exactly what they typed (a platform may keep more, e.g. the chat). */
export interface PendingConfirmation {
  userId: string | number;
  text: string;
}

export class PendingConfirmations<Entry extends PendingConfirmation = { userId: string; text: string }> {
  private readonly pending = new Map<string, Entry & { expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Stores the command and returns the id its buttons carry. */
  add(entry: Entry): string {
    this.sweep();
    const id = randomBytes(9).toString('base64url');
    this.pending.set(id, { ...entry, expiresAt: this.now() + CONFIRM_TTL_MS });
    if (this.pending.size > MAX_PENDING) this.pending.delete(this.pending.keys().next().value as string);
    return id;
  }

  /** The confirmation while it is still valid; undefined when unknown or expired. */
  find(id: string): (Entry & { expiresAt: number }) | undefined {
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

/** A refusal with `confirmation_required`, or a reply that asks for a confirmation. */
export function wantsConfirmation(reply: Reply): boolean {
  return reply.confirm !== undefined || errorCodeOf(reply) === 'confirmation_required';
}

/** The question above the buttons: the CLI's "Run it again with --yes" sentence is left out (the button does that). */
export function confirmationQuestion(reply: Reply): Reply {
  const text = (reply.confirm?.prompt ?? reply.text).replace(/\s*Run it again with --yes to confirm\.?\s*$/i, '').trim();
  return { text: `${text}\n\nPress Confirm to go ahead.`.trim() };
}

/**
 * The command as typed, confirmed: every surface's commands take `confirm:true` as the CLI's --yes.
 * A `confirm:false` given explicitly (Discord's boolean option) is replaced, not repeated.
 */
export function confirmedCommand(text: string): string {
  return `${text.replace(/(^|\s)confirm:\S+/gi, '').trim()} confirm:true`;
}

export function errorCodeOf(reply: Reply): string | undefined {
  const data = reply.data as { error?: { code?: unknown } } | undefined;
  return typeof data?.error?.code === 'string' ? data.error.code : undefined;
}
