import { DomainError } from '../../commands/errors.ts';
import { tokenize } from '../../commands/parse.ts';

/** Longer messages are refused before parsing: no command needs more, and parsing stays cheap. */
export const MAX_COMMAND_LENGTH = 1000;

/** Telegram's rule for a command name, which every chat surface follows so one menu fits all. */
const COMMAND_WORD = /^[a-z0-9_]{1,32}$/;

/** The PIN alphabet: no 0/O, 1/I/L, so a PIN read aloud or retyped survives. */
export const PIN_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const PIN_LENGTH = 8;
const PIN_SHAPE = new RegExp(`^[${PIN_ALPHABET}]{${PIN_LENGTH}}$`);

/** Upper-cases and drops spaces and dashes (`abcd-2345` → `ABCD2345`); null when it is not PIN-shaped. */
export function normalisePin(text: string): string | null {
  const pin = text.replace(/[\s-]/g, '').toUpperCase();
  return PIN_SHAPE.test(pin) ? pin : null;
}

export type ChatText =
  /** A command: its tokens, the first being the command word, lower-cased. */
  | { kind: 'command'; tokens: string[] }
  /** A bare PIN without a command prefix (only meaningful in a DM). */
  | { kind: 'pin'; pin: string }
  /** `/start@OtherBot` in a group: meant for another bot. */
  | { kind: 'elsewhere' };

/**
 * Splits a chat message the way every text surface does: an optional `/` (Telegram) or `!` (Matrix)
 * prefix, the command word with an optional `@botname` suffix, then the payload, tokenised like the
 * REPL (`name:value`, quotes keep spaces). Refusals are DomainError `usage`.
 */
export function parseChatText(text: string, botHandle?: string): ChatText {
  if (text.length > MAX_COMMAND_LENGTH) {
    throw new DomainError('usage', `That message is too long for a command (${text.length} characters; at most ${MAX_COMMAND_LENGTH}). Send help to see how commands look.`);
  }
  const trimmed = text.trim();
  const prefixed = trimmed.startsWith('/') || trimmed.startsWith('!');
  const body = prefixed ? trimmed.slice(1) : trimmed;
  if (body === '') throw new DomainError('usage', 'That is an empty command. Send help to see what you may run.');
  const space = body.search(/\s/);
  const head = space === -1 ? body : body.slice(0, space);
  const payload = space === -1 ? '' : body.slice(space + 1);
  const [word, addressee] = splitAddressee(head);
  if (addressee !== null && botHandle && addressee.toLowerCase() !== botHandle.replace(/^@/, '').toLowerCase()) {
    return { kind: 'elsewhere' };
  }
  // A bare PIN may be typed in two groups of four (`ABCD EFGH`), as people copy it from the page.
  const pin = prefixed ? null : normalisePin(payload.trim() === '' ? head : /^\S{4}\s\S{4}$/.test(body) ? body : '');
  if (pin) return { kind: 'pin', pin };
  const command = word.toLowerCase();
  if (!COMMAND_WORD.test(command)) {
    throw new DomainError('usage', `"${word.slice(0, 40)}" is not a command: a command is one word of letters, digits and _ (like help). Send help to see what you may run.`);
  }
  return { kind: 'command', tokens: [command, ...tokenize(payload)] };
}

function splitAddressee(head: string): [string, string | null] {
  const at = head.indexOf('@');
  if (at <= 0) return [head, null];
  return [head.slice(0, at), head.slice(at + 1)];
}
