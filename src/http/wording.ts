import type { Config } from '../config/schema.ts';

export type PasswordRules = Config['password_rules'];

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The password rules in words, one line per rule that is switched on (a count of 0 turns it off). */
export function describePasswordRules(rules: PasswordRules): string[] {
  const lines: string[] = [];
  if (rules.min_length > 0) lines.push(`at least ${plural(rules.min_length, 'character', 'characters')}`);
  if (rules.upper > 0) lines.push(`at least ${plural(rules.upper, 'capital letter', 'capital letters')}`);
  if (rules.lower > 0) lines.push(`at least ${plural(rules.lower, 'lowercase letter', 'lowercase letters')}`);
  if (rules.digits > 0) lines.push(`at least ${plural(rules.digits, 'digit', 'digits')} (0–9)`);
  if (rules.special > 0) lines.push(`at least ${plural(rules.special, 'symbol', 'symbols')} such as ! ? # or %`);
  return lines;
}

const UNIT_WORDS: Record<string, [string, string]> = {
  y: ['year', 'years'],
  mo: ['month', 'months'],
  w: ['week', 'weeks'],
  d: ['day', 'days'],
  h: ['hour', 'hours'],
  m: ['minute', 'minutes'],
  s: ['second', 'seconds'],
};

/** `1mo15d` → "1 month and 15 days"; text that is not a duration is returned as it is. */
export function describeDuration(text: string): string {
  const parts = [...text.toLowerCase().matchAll(/(\d+)\s*(mo|y|w|d|h|m|s)/g)].map(([, amount, unit]) => {
    const [one, many] = UNIT_WORDS[unit];
    return plural(Number(amount), one, many);
  });
  if (parts.length === 0) return text;
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

const LONG_DATE = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' });

/** An ISO timestamp as "3 March 2026" (UTC): the page has no idea of the reader's time zone. */
export function describeDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : LONG_DATE.format(date);
}
