import type { VariableKind, VariableValue } from './ids.ts';

/**
 * Turns the values a caller passes into what a template inserts. Two flavours: `markdown` for the
 * body (a person's words cannot become links, emphasis or headings) and `plain` for the subject line
 * (an email subject shows backslashes literally, so nothing is escaped there, only flattened).
 */

export interface ValueFormat {
  /** The BCP 47 locale dates and numbers are written in. */
  locale: string;
  /** IANA time zone for dates (messages.timezone). */
  timeZone: string;
}

export type Flavour = 'markdown' | 'plain';

/**
 * Characters with a meaning in Markdown inline syntax, limited to those every renderer un-escapes
 * (CommonMark, adapters/telegram/html.ts, Discord). `<` is not among them: Telegram would show `\<`;
 * the email renderer has autolinks off instead, and chat clients link bare URLs anyway.
 */
const INLINE_SPECIALS = /[\\`*_[\]()>~|!#]/g;
/** Line-start markers that would turn a value placed first on a line into a list or quote. */
const BLOCK_START = /^(\s*)([-+>]|\d+[.)])/;

/** Escapes Markdown in a person's words so every adapter shows them as typed. */
export function escapeMarkdown(text: string): string {
  const flat = oneLine(text).replace(INLINE_SPECIALS, (char) => `\\${char}`);
  return flat.replace(BLOCK_START, (_, space: string, marker: string) => `${space}${marker.replace(/([-+>.)])$/, '\\$1')}`);
}

/** Prepares every given value for one template; names not in `kinds` are dropped. */
export function prepareValues(
  kinds: Record<string, VariableKind>,
  values: Record<string, VariableValue>,
  format: ValueFormat,
  flavour: Flavour,
): Record<string, string> {
  const view: Record<string, string> = {};
  for (const [name, kind] of Object.entries(kinds)) {
    const value = values[name];
    // 0 counts as absent too, so `{{^uses}}none{{/uses}}` works as a logic-less template expects.
    if (value === undefined || value === null || value === false || value === '' || value === 0) continue;
    view[name] = prepareValue(kind, value, format, flavour);
  }
  return view;
}

function prepareValue(kind: VariableKind, value: Exclude<VariableValue, null | undefined>, format: ValueFormat, flavour: Flavour): string {
  switch (kind) {
    case 'date':
      return formatDate(value, format);
    case 'number':
      return typeof value === 'number' ? new Intl.NumberFormat(format.locale).format(value) : asText(value, flavour);
    case 'url':
      return safeUrl(String(value));
    case 'code':
      return oneLine(String(value)).replace(/`/g, '');
    case 'markdown':
      return flavour === 'markdown' ? String(value) : oneLine(String(value));
    default:
      return asText(value, flavour);
  }
}

function asText(value: string | number | boolean | Date, flavour: Flavour): string {
  const text = value instanceof Date ? value.toISOString() : String(value);
  return flavour === 'markdown' ? escapeMarkdown(text) : oneLine(text);
}

/** A date in the reader's words: `14. März 2027 um 19:30` for de in Europe/Berlin. */
export function formatDate(value: string | number | boolean | Date, format: ValueFormat): string {
  const date = value instanceof Date ? value : new Date(typeof value === 'number' ? value : String(value));
  if (Number.isNaN(date.getTime())) return oneLine(String(value));
  return new Intl.DateTimeFormat(format.locale, { dateStyle: 'long', timeStyle: 'short', timeZone: format.timeZone }).format(date);
}

const SAFE_SCHEMES = /^(https?:\/\/|mailto:)/i;

/**
 * A link Doorman generated, made safe to place inside `[label](…)` and `<…>`: only http(s) and
 * mailto survive; characters that would end the destination early are percent-encoded.
 */
export function safeUrl(url: string): string {
  const trimmed = url.trim();
  if (!SAFE_SCHEMES.test(trimmed)) return '';
  return trimmed.replace(/[\s()<>`\\"]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
