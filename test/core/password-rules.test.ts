import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.ts';
import { countPassword, PasswordRules } from '../../src/core/password-rules.ts';

const rules = (r: Partial<ConstructorParameters<typeof PasswordRules>[0]> = {}) =>
  new PasswordRules({ min_length: 8, upper: 1, lower: 0, digits: 1, special: 0, ...r });

function weak(check: () => void): DomainError {
  try {
    check();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected password_weak');
}

describe('password rules', () => {
  it('counts by Unicode class and length in code points', () => {
    expect(countPassword('ÄbÇ١٢x!')).toEqual({ length: 7, upper: 2, lower: 2, digits: 2, special: 1 });
    // An emoji is one character (two UTF-16 units) and counts as special: neither letter nor number.
    expect(countPassword('😀a')).toEqual({ length: 2, upper: 0, lower: 1, digits: 0, special: 1 });
    expect(countPassword('a b')).toMatchObject({ special: 1 });
  });

  it('lets a password that meets every rule through', () => {
    expect(() => rules().check('Correct7horse')).not.toThrow();
    expect(() => rules({ upper: 0, digits: 0, min_length: 0 }).check('')).not.toThrow();
  });

  it('refuses with one password_weak that lists exactly what is missing', () => {
    const error = weak(() => rules({ special: 2, lower: 1 }).check('ABC'));
    expect(error.code).toBe('password_weak');
    expect(error.details.field).toBe('password');
    expect(error.message).toBe(
      'The password needs at least 8 characters, at least 1 lower-case letter, at least 1 digit and at least 2 symbols or punctuation marks.',
    );
    expect(weak(() => rules().check('abcdefgh1')).message).toBe('The password needs at least 1 upper-case letter.');
  });

  it('counts length in code points, not UTF-16 units', () => {
    // Seven emoji are 14 UTF-16 units but only 7 characters.
    expect(weak(() => rules({ upper: 0, digits: 0 }).check('😀'.repeat(7))).message).toContain('at least 8 characters');
    expect(() => rules({ upper: 0, digits: 0 }).check('😀'.repeat(8))).not.toThrow();
  });

  it('a rule set to 0 is off', () => {
    expect(() => rules({ upper: 0, digits: 0, min_length: 1 }).check('x')).not.toThrow();
  });
});
