/**
 * Every message Doorman sends, with the variables each template may use. The catalogue checks
 * admin overrides against this list (an unknown variable is a typo that would silently print
 * nothing) and builds previews from SAMPLE_VARIABLES.
 *
 * Kinds decide how a value is prepared before it reaches the Markdown:
 * - `text`: a person's words (usernames, reasons): Markdown specials escaped, kept on one line;
 * - `date`: a Date, ISO text or epoch milliseconds, written in the reader's locale and messages.timezone;
 * - `number`: written in the reader's locale;
 * - `url`: a link Doorman made (http, https or mailto); spaces, parentheses and angle brackets are
 *   percent-encoded so it cannot break out of `[label](url)`; anything else is dropped;
 * - `code`: a code or PIN meant for backticks: backticks and line breaks removed, nothing escaped;
 * - `markdown`: Markdown an admin wrote (an announcement's text), passed through as written.
 */

export type VariableKind = 'text' | 'date' | 'number' | 'url' | 'code' | 'markdown';

export const MESSAGE_VARIABLES = {
  email_confirmation: { username: 'text', confirm_url: 'url', expires_at: 'date' },
  invite: { invite_url: 'url', expires_at: 'date' },
  welcome: { username: 'text', jellyfin_url: 'url', expires_at: 'date' },
  password_reset: { username: 'text', reset_url: 'url', pin: 'code', expires_at: 'date' },
  account_deleted: { username: 'text', reason: 'text' },
  account_disabled: { username: 'text', reason: 'text' },
  account_enabled: { username: 'text', reason: 'text', expires_at: 'date' },
  expiry_adjusted: { username: 'text', expires_at: 'date', previous_expires_at: 'date' },
  expiry_reminder: { username: 'text', expires_at: 'date', days_left: 'number' },
  account_expired: { username: 'text', expired_at: 'date', delete_at: 'date' },
  announcement: { username: 'text', message: 'markdown', unsubscribe_url: 'url' },
  admin_user_created: { username: 'text', invite_code: 'code', invite_label: 'text', profile: 'text', email: 'text' },
  admin_invite_used_up: { invite_code: 'code', invite_label: 'text', uses: 'number', last_username: 'text' },
  admin_invite_expired: { invite_code: 'code', invite_label: 'text', uses: 'number', expired_at: 'date' },
  admin_delivery_failed: { username: 'text', message_id: 'code', channel: 'text', error: 'text', attempts: 'number' },
  admin_link_step_failed: { username: 'text', platform: 'text', handle: 'text', chat_id: 'code', problem: 'text' },
  admin_approval_requested: { username: 'text', email: 'text', invite_code: 'code', invite_label: 'text', requested_at: 'date', review_url: 'url' },
} as const satisfies Record<string, Record<string, VariableKind>>;

export type MessageId = keyof typeof MESSAGE_VARIABLES;

export const MESSAGE_IDS = Object.keys(MESSAGE_VARIABLES) as MessageId[];

/** What a variable may be given as; null, undefined, '' and false leave a `{{#section}}` out. */
export type VariableValue = string | number | boolean | Date | null | undefined;

/** The variables of one message; every one is optional (a missing one renders as nothing). */
export type MessageVariables<Id extends MessageId> = { [Name in keyof (typeof MESSAGE_VARIABLES)[Id]]?: VariableValue };

export function isMessageId(value: string): value is MessageId {
  return Object.hasOwn(MESSAGE_VARIABLES, value);
}

/** The variable names of a message, for overrides' checks and admins' help. */
export function variablesOf(id: MessageId): Record<string, VariableKind> {
  return MESSAGE_VARIABLES[id];
}

const SAMPLE_DATE = new Date('2027-03-14T18:30:00Z');
const SAMPLE_LATER = new Date('2027-04-13T18:30:00Z');

/** Realistic values for previews and tests: every variable of every message, sections switched on. */
export const SAMPLE_VARIABLES: { [Id in MessageId]: Required<MessageVariables<Id>> } = {
  email_confirmation: { username: 'alice', confirm_url: 'https://doorman.example.org/confirm/Xk3vQ9', expires_at: SAMPLE_DATE },
  invite: { invite_url: 'https://doorman.example.org/invite/Zq8RkT2m', expires_at: SAMPLE_DATE },
  welcome: { username: 'alice', jellyfin_url: 'https://jellyfin.example.org', expires_at: SAMPLE_LATER },
  password_reset: { username: 'alice', reset_url: 'https://doorman.example.org/reset/Pw7Hn2', pin: 'K7M-2QX', expires_at: SAMPLE_DATE },
  account_deleted: { username: 'alice', reason: 'left the book club' },
  account_disabled: { username: 'alice', reason: 'taking a break' },
  account_enabled: { username: 'alice', reason: 'welcome back', expires_at: SAMPLE_LATER },
  expiry_adjusted: { username: 'alice', expires_at: SAMPLE_LATER, previous_expires_at: SAMPLE_DATE },
  expiry_reminder: { username: 'alice', expires_at: SAMPLE_DATE, days_left: 7 },
  account_expired: { username: 'alice', expired_at: SAMPLE_DATE, delete_at: SAMPLE_LATER },
  announcement: {
    username: 'alice',
    message: 'Movie night on **Friday at 8**: bring snacks!',
    unsubscribe_url: 'https://doorman.example.org/unsubscribe/Ab12Cd',
  },
  admin_user_created: { username: 'alice', invite_code: 'Zq8RkT2m', invite_label: 'book club', profile: 'Friends', email: 'alice@example.org' },
  admin_invite_used_up: { invite_code: 'Zq8RkT2m', invite_label: 'book club', uses: 5, last_username: 'alice' },
  admin_invite_expired: { invite_code: 'Zq8RkT2m', invite_label: 'book club', uses: 2, expired_at: SAMPLE_DATE },
  admin_delivery_failed: { username: 'alice', message_id: 'welcome', channel: 'telegram', error: 'the user blocked the bot', attempts: 8 },
  admin_link_step_failed: { username: 'alice', platform: 'Discord', handle: 'alice', chat_id: '700000000000000001', problem: "Discord refused the member role: drag the bot's role above it." },
  admin_approval_requested: {
    username: 'alice',
    email: 'alice@example.org',
    invite_code: 'Zq8RkT2m',
    invite_label: 'book club',
    requested_at: SAMPLE_DATE,
    review_url: 'https://doorman.example.org/approvals/17',
  },
};
