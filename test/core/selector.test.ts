import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.ts';
import { globToRegExp, matchesSelector, parseSelector, type SelectableUser } from '../../src/core/selector.ts';

const NOW = new Date('2026-11-28T12:00:00Z');
const DAY = 86_400_000;

function user(name: string, extra: Partial<SelectableUser> = {}): SelectableUser {
  return { name, label: null, profile: null, expires_at: null, is_disabled: false, is_admin: false, last_active_at: NOW.toISOString(), linked: [], ...extra };
}

const people = [
  user('alice', { label: 'Friends', profile: 'Kids', linked: ['telegram'], expires_at: new Date(NOW.getTime() + 3 * DAY).toISOString() }),
  user('albert', { label: 'friends', expires_at: new Date(NOW.getTime() - DAY).toISOString(), last_active_at: new Date(NOW.getTime() - 100 * DAY).toISOString() }),
  user('bob', { is_disabled: true, linked: ['discord', 'telegram'], last_active_at: null }),
  user('carol', { is_admin: true, profile: 'Adults', expires_at: new Date(NOW.getTime() + 30 * DAY).toISOString() }),
];

function pick(text: string | string[]): string[] {
  const selector = parseSelector(text);
  return people.filter((p) => matchesSelector(selector, p, NOW)).map((p) => p.name);
}

describe('selectors', () => {
  it('selects everyone, and by each criterion', () => {
    expect(pick('all')).toEqual(['alice', 'albert', 'bob', 'carol']);
    expect(pick('label=FRIENDS')).toEqual(['alice', 'albert']);
    expect(pick('profile=kids')).toEqual(['alice']);
    expect(pick('name=al*')).toEqual(['alice', 'albert']);
    expect(pick('name=b?b')).toEqual(['bob']);
    expect(pick('expired')).toEqual(['albert']);
    expect(pick('expiring=<7d')).toEqual(['alice']);
    expect(pick('expiring=7d')).toEqual(['alice']);
    expect(pick('inactive=>90d')).toEqual(['albert', 'bob']);
    expect(pick('disabled')).toEqual(['bob']);
    expect(pick('admins')).toEqual(['carol']);
    expect(pick('linked=telegram')).toEqual(['alice', 'bob']);
  });

  it('needs every criterion to hold, and takes any of several usernames', () => {
    expect(pick(['label=friends', 'name=ali*'])).toEqual(['alice']);
    expect(pick(['alice', '@Bob'])).toEqual(['alice', 'bob']);
    expect(pick(['alice', 'bob', 'linked=discord'])).toEqual(['bob']);
    // Discord's `who` option arrives as one string.
    expect(pick('label=friends  expired')).toEqual(['albert']);
  });

  it('keeps the typed text for previews', () => {
    expect(parseSelector(['label=friends', 'alice']).text).toBe('label=friends alice');
  });

  it('refuses what it cannot read, saying what it takes', () => {
    for (const bad of ['', 'colour=red', 'label=', 'expiring=<soon', 'linked=myspace', 'a;b']) {
      let error: unknown;
      try {
        parseSelector(bad);
      } catch (caught) {
        error = caught;
      }
      expect(error, bad).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('validation');
    }
    expect(() => parseSelector('colour=red')).toThrow(/label=NAME/);
  });

  it('treats glob characters other than * and ? literally', () => {
    expect(globToRegExp('a.b*').test('a.bc')).toBe(true);
    expect(globToRegExp('a.b*').test('axbc')).toBe(false);
  });
});
