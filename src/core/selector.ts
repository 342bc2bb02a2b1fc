import { approximateMs, DURATION_HINT, parseDuration } from './duration.ts';
import { DomainError } from './errors.ts';

/**
 * The one selector syntax of every surface (design.md, "Words, options and selectors"): criteria
 * written with `=` so they never pass for options, several of which must all hold, plus bare
 * usernames (any of them). `all`, `expired`, `disabled`, `admins`, `label=friends`, `profile=Kids`,
 * `name=al*`, `expiring=<7d`, `inactive=>90d`, `linked=telegram`, `alice bob`.
 * On Discord the same text arrives as one `who` option; here it is split on spaces.
 */
export type Criterion =
  | { kind: 'all' }
  | { kind: 'expired' }
  | { kind: 'disabled' }
  | { kind: 'admins' }
  | { kind: 'label'; value: string }
  | { kind: 'profile'; value: string }
  | { kind: 'name'; glob: string }
  | { kind: 'expiring'; withinMs: number }
  | { kind: 'inactive'; overMs: number }
  | { kind: 'linked'; platform: string };

export interface Selector {
  criteria: Criterion[];
  /** Bare usernames: a user matches when their name is one of them (case-insensitively). */
  names: string[];
  /** The selector as typed, for previews and records. */
  text: string;
}

/** What a selector is matched against: one Jellyfin user with what Doorman knows of them. */
export interface SelectableUser {
  name: string;
  label: string | null;
  profile: string | null;
  expires_at: string | null;
  is_disabled: boolean;
  is_admin: boolean;
  last_active_at: string | null;
  linked: readonly string[];
}

export const SELECTOR_HINT =
  'all, expired, disabled, admins, label=NAME, profile=NAME, name=al*, expiring=<7d, inactive=>90d, linked=telegram, or usernames';

const PLATFORMS = ['telegram', 'discord', 'matrix', 'email'];

export function parseSelector(input: string | readonly string[]): Selector {
  const words = (typeof input === 'string' ? [input] : [...input]).flatMap((word) => word.split(/\s+/)).filter((word) => word !== '');
  if (words.length === 0) throw selectorError(`Say whom: ${SELECTOR_HINT}.`);
  const criteria: Criterion[] = [];
  const names: string[] = [];
  for (const word of words) {
    const criterion = parseCriterion(word);
    if (criterion) criteria.push(criterion);
    else names.push(word.replace(/^@/, ''));
  }
  return { criteria, names, text: words.join(' ') };
}

function parseCriterion(word: string): Criterion | null {
  const lower = word.toLowerCase();
  if (lower === 'all' || lower === 'expired' || lower === 'disabled' || lower === 'admins') return { kind: lower };
  const at = word.indexOf('=');
  if (at < 0) {
    if (/^[\w.@-]+$/.test(word)) return null;
    throw selectorError(`"${word}" is neither a username nor a criterion. Use ${SELECTOR_HINT}.`);
  }
  const key = word.slice(0, at).toLowerCase();
  const value = word.slice(at + 1).trim();
  if (value === '') throw selectorError(`"${word}" needs a value after "=", like label=friends.`);
  switch (key) {
    case 'label':
      return { kind: 'label', value };
    case 'profile':
      return { kind: 'profile', value };
    case 'name':
      return { kind: 'name', glob: value };
    case 'expiring':
      return { kind: 'expiring', withinMs: comparedDuration(word, value, '<') };
    case 'inactive':
      return { kind: 'inactive', overMs: comparedDuration(word, value, '>') };
    case 'linked':
      if (!PLATFORMS.includes(value.toLowerCase())) throw selectorError(`"${word}": linked= takes ${PLATFORMS.join(', ')}.`);
      return { kind: 'linked', platform: value.toLowerCase() };
    default:
      throw selectorError(`"${key}=" is not a criterion. Use ${SELECTOR_HINT}.`);
  }
}

/** `<7d` for expiring, `>90d` for inactive; the comparison sign may be left out. */
function comparedDuration(word: string, value: string, sign: '<' | '>'): number {
  const duration = parseDuration(value.startsWith(sign) ? value.slice(1) : value);
  if (!duration) throw selectorError(`"${word}": expected ${sign === '<' ? 'expiring=<7d' : 'inactive=>90d'}, with ${DURATION_HINT}.`);
  return approximateMs(duration);
}

export function matchesSelector(selector: Selector, user: SelectableUser, now: Date): boolean {
  if (selector.names.length > 0 && !selector.names.some((name) => name.toLowerCase() === user.name.toLowerCase())) return false;
  return selector.criteria.every((criterion) => matchesCriterion(criterion, user, now.getTime()));
}

function matchesCriterion(criterion: Criterion, user: SelectableUser, now: number): boolean {
  const expires = user.expires_at ? Date.parse(user.expires_at) : null;
  switch (criterion.kind) {
    case 'all':
      return true;
    case 'expired':
      return expires !== null && expires <= now;
    case 'disabled':
      return user.is_disabled;
    case 'admins':
      return user.is_admin;
    case 'label':
      return sameText(user.label, criterion.value);
    case 'profile':
      return sameText(user.profile, criterion.value);
    case 'name':
      return globToRegExp(criterion.glob).test(user.name);
    case 'expiring':
      return expires !== null && expires > now && expires - now <= criterion.withinMs;
    case 'inactive':
      return user.last_active_at === null || now - Date.parse(user.last_active_at) >= criterion.overMs;
    case 'linked':
      return user.linked.includes(criterion.platform);
  }
}

function sameText(actual: string | null, wanted: string): boolean {
  return actual !== null && actual.toLowerCase() === wanted.toLowerCase();
}

/** `al*` and `b?b`, case-insensitive, anchored; every other character is literal. */
export function globToRegExp(glob: string): RegExp {
  const source = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 'i');
}

function selectorError(message: string): DomainError {
  return new DomainError('validation', message, { field: 'who' });
}
