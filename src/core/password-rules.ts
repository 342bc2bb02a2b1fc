import type { Config } from '../config/schema.ts';
import { DomainError } from './errors.ts';

export type PasswordRulesConfig = Config['password_rules'];

const UPPER = /\p{Lu}/u;
const LOWER = /\p{Ll}/u;
const DIGIT = /\p{Nd}/u;
/** Anything that is neither a letter nor a number: punctuation, symbols, spaces, emoji. */
const SPECIAL = /[^\p{L}\p{N}]/u;

export interface PasswordCounts {
  length: number;
  upper: number;
  lower: number;
  digits: number;
  special: number;
}

/** Counts by Unicode class, in code points (an emoji is one character, not two). */
export function countPassword(password: string): PasswordCounts {
  const counts: PasswordCounts = { length: 0, upper: 0, lower: 0, digits: 0, special: 0 };
  for (const char of password) {
    counts.length++;
    if (UPPER.test(char)) counts.upper++;
    else if (LOWER.test(char)) counts.lower++;
    else if (DIGIT.test(char)) counts.digits++;
    if (SPECIAL.test(char)) counts.special++;
  }
  return counts;
}

export class PasswordRules {
  constructor(private readonly rules: PasswordRulesConfig) {}

  /** What the password lacks, one phrase per unmet rule; empty when it passes. */
  missing(password: string): string[] {
    const counts = countPassword(password);
    const { min_length, upper, lower, digits, special } = this.rules;
    const missing: string[] = [];
    if (counts.length < min_length) missing.push(`at least ${plural(min_length, 'character')}`);
    if (counts.upper < upper) missing.push(`at least ${plural(upper, 'upper-case letter')}`);
    if (counts.lower < lower) missing.push(`at least ${plural(lower, 'lower-case letter')}`);
    if (counts.digits < digits) missing.push(`at least ${plural(digits, 'digit')}`);
    if (counts.special < special) missing.push(`at least ${plural(special, 'symbol or punctuation mark', 'symbols or punctuation marks')}`);
    return missing;
  }

  /** Throws one password_weak naming every unmet rule. */
  check(password: string): void {
    const missing = this.missing(password);
    if (missing.length === 0) return;
    throw new DomainError('password_weak', `The password needs ${joinAnd(missing)}.`, { field: 'password' });
  }

  /** The rules in words, for forms: "at least 8 characters, 1 upper-case letter and 1 digit". */
  describe(): string {
    return joinAnd(this.missing(''));
  }
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

function joinAnd(parts: string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
