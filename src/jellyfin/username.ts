/**
 * Jellyfin's username rules, per server version (contract §3.10). The server answers an invalid
 * name with the same opaque 400 as a duplicate one, so Doorman checks names itself first.
 */

/** .NET's `\w`: letters, non-spacing marks, decimal digits and connector punctuation. */
const WORD = String.raw`\p{L}\p{Mn}\p{Nd}\p{Pc}`;

export interface UsernameRules {
  /** Which Jellyfin versions these rules are for, for messages and tests. */
  readonly label: string;
  readonly allowed: RegExp;
  readonly allowedText: string;
  readonly forbidEdgeSpaces: boolean;
  readonly forbidDotNames: boolean;
}

/** 10.8 – 10.10: `^[\w\ \-'._@]+$`. Also used while the server version is unknown (the stricter set). */
export const RULES_10_8: UsernameRules = {
  label: '10.8',
  allowed: new RegExp(`^[${WORD} '._@-]+$`, 'u'),
  allowedText: "letters, digits, spaces and - _ ' . @",
  forbidEdgeSpaces: false,
  forbidDotNames: false,
};

/** 10.11: adds `+`, and no leading or trailing whitespace. */
export const RULES_10_11: UsernameRules = {
  label: '10.11',
  allowed: new RegExp(`^[${WORD} '._@+-]+$`, 'u'),
  allowedText: "letters, digits, spaces and - _ ' . @ +",
  forbidEdgeSpaces: true,
  forbidDotNames: false,
};

/** 12.0: the 10.11 rules, and the name may not be `.` or `..`. */
export const RULES_12: UsernameRules = { ...RULES_10_11, label: '12.0', forbidDotNames: true };

/** `10.11.11` → [10, 11]; anything unreadable → null. */
export function parseVersion(version: string | undefined): [number, number] | null {
  const match = /^(\d+)\.(\d+)/.exec(version ?? '');
  return match ? [Number(match[1]), Number(match[2])] : null;
}

/**
 * The rules for a Jellyfin version. Unknown versions and Emby (4.x) get the strict 10.8 set, which
 * every Jellyfin version accepts.
 */
export function usernameRulesFor(version: string | undefined): UsernameRules {
  const parsed = parseVersion(version);
  if (!parsed) return RULES_10_8;
  const [major, minor] = parsed;
  if (major >= 12) return RULES_12;
  if (major === 10 && minor >= 11) return RULES_10_11;
  return RULES_10_8;
}

/** A sentence saying why Jellyfin would refuse the name under these rules, or null when it is fine. */
export function usernameProblem(name: string, rules: UsernameRules): string | null {
  if (name.length === 0) return 'Usernames cannot be empty.';
  if (!rules.allowed.test(name)) return `Usernames may only use ${rules.allowedText}.`;
  if (rules.forbidEdgeSpaces && /^\s|\s$/u.test(name)) return 'Usernames may not start or end with a space.';
  if (rules.forbidDotNames && (name === '.' || name === '..')) return 'A username cannot be just "." or "..".';
  return null;
}

/**
 * Jellyfin compares names case-insensitively (upper-cased, invariant culture). Comparing both
 * foldings errs towards "taken", which only costs the person another choice.
 */
export function sameUsername(a: string, b: string): boolean {
  return a.toUpperCase() === b.toUpperCase() || a.toLowerCase() === b.toLowerCase();
}
