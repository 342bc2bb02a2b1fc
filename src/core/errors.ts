/**
 * Expected, user-facing failures. Every surface renders a DomainError by its code:
 * a chat reply, an HTTP status with `{error:{code,message}}`, or CLI exit code 2.
 * Anything that is not a DomainError is a bug or an outage and is shown as a generic apology.
 */
export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_admin: 403,
  /** A chat command that needs a linked Jellyfin account. */
  not_linked: 403,
  /** A command that shows secrets, run outside a private chat. */
  dm_only: 403,
  not_found: 404,
  invite_invalid: 404,
  username_taken: 409,
  conflict: 409,
  /** The chat account is already linked to another Jellyfin account (contacts.<platform>.unique). */
  contact_taken: 409,
  /** The platform refuses to deliver to this person (bot blocked, chat closed). */
  dm_closed: 409,
  username_invalid: 422,
  password_weak: 422,
  validation: 422,
  usage: 422,
  /** The sign-up needs this chat contact (contacts.<platform>.mode: required). */
  contact_required: 422,
  /** A contact PIN that is unknown, expired, used or not yet verified. */
  contact_unverified: 422,
  /** A PIN typed into chat that matches no pending PIN. */
  pin_invalid: 422,
  /** The handle never wrote to the bot, so the bot cannot message it. */
  handle_unknown: 422,
  confirmation_required: 428,
  rate_limited: 429,
  jellyfin_unavailable: 503,
  /** The platform's adapter is not running or the platform did not answer. */
  chat_unavailable: 503,
  storage_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldProblem {
  /** The input the problem belongs to (`username`, `password`, an option name …). */
  field: string;
  message: string;
}

export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: { field?: string; problems?: FieldProblem[]; retryable?: boolean } = {},
  ) {
    super(message);
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toJSON(): { code: ErrorCode; message: string; field?: string; problems?: FieldProblem[] } {
    const { field, problems } = this.details;
    return { code: this.code, message: this.message, ...(field ? { field } : {}), ...(problems ? { problems } : {}) };
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}
