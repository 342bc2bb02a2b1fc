import { DomainError } from '../src/core/errors.ts';

/**
 * The text syntax shared by Telegram, Matrix, the console REPL and `doorman run`:
 * command words, then `name:value` options and bare positional words.
 */
export interface Invocation {
  /** The command's words as typed (`invite create`); resolved against the registry later, ignoring case. */
  words: string[];
  options: Record<string, string>;
  positional: string[];
}

/**
 * Splits a typed line into tokens. Double or single quotes keep spaces (`message:"Movie night"`),
 * a backslash escapes the next character. Used for chat and the REPL only: on the CLI each argv
 * element is already one token and is never re-split.
 */
export function tokenize(line: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let quote: string | null = null;
  let inToken = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (char === '\\' && i + 1 < line.length) {
      current += line[++i];
      inToken = true;
    } else if (quote) {
      if (char === quote) quote = null;
      else current += char;
    } else if (char === '"' || char === "'" || char === '“' || char === '”') {
      quote = char === '“' ? '”' : char;
      inToken = true;
    } else if (/\s/.test(char)) {
      if (inToken) tokens.push(current);
      current = '';
      inToken = false;
    } else {
      current += char;
      inToken = true;
    }
  }
  if (quote) throw new DomainError('usage', 'A quote is not closed: add the closing quote and try again.');
  if (inToken) tokens.push(current);
  return tokens;
}

const OPTION = /^([a-z][a-z0-9_-]*):(.*)$/is;

/**
 * Sorts tokens into words, options and positionals. Words are the leading tokens that are neither
 * options nor selector criteria (`label=x`); how many of them name the command is decided by the
 * registry, the rest become positionals.
 */
export function parseTokens(tokens: string[]): Invocation {
  const words: string[] = [];
  const options: Record<string, string> = {};
  const positional: string[] = [];
  for (const token of tokens) {
    const option = OPTION.exec(token);
    if (option && !option[2].startsWith('//')) {
      const name = option[1].toLowerCase().replace(/-/g, '_');
      if (name in options) throw new DomainError('usage', `The option ${name} is given twice: keep one.`);
      // An empty value is always a slip, and `uses:` would otherwise coerce to 0 (= unlimited).
      if (option[2].trim() === '') throw new DomainError('usage', `The option ${name} has no value: write ${name}:VALUE.`);
      options[name] = option[2];
    } else if (positional.length === 0 && Object.keys(options).length === 0 && /^[a-z][a-z-]*$/i.test(token)) {
      // Kept as typed: the registry matches command words case-insensitively, and the words past
      // the command's name are positionals (codes, names) whose case matters.
      words.push(token);
    } else {
      positional.push(token);
    }
  }
  return { words, options, positional };
}
