import { GrammyError } from 'grammy';

/**
 * A failed Bot API call without its payload. grammY's GrammyError carries the request it failed on
 * (`payload`: the message text, which may hold a PIN or a sign-in link), and pino logs every
 * property of an error: so nothing from Telegram is logged or passed on before going through here.
 */
export class TelegramCallError extends Error {
  override readonly name = 'TelegramCallError';

  constructor(
    readonly method: string,
    readonly errorCode: number,
    readonly description: string,
  ) {
    super(`Telegram refused ${method}: ${errorCode} ${description}`);
  }
}

/** The error with any request payload removed; other errors pass unchanged. */
export function withoutPayload(error: unknown): unknown {
  if (error instanceof GrammyError) return new TelegramCallError(error.method, error.error_code, error.description);
  return error;
}
