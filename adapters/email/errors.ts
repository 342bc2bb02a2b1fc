/**
 * Why an email did not go out, in the two kinds the outbox acts on:
 * `permanent`: this message to this address will never be accepted (a 5xx answer, a malformed or
 * refused address): dead-letter it and tell the admins;
 * `temporary`: try again later (no connection, a timeout, a 4xx answer such as greylisting or a full
 * mailbox, and a refused SMTP login: that is the server's configuration, not this message's fault).
 */
export type EmailFailure = 'permanent' | 'temporary';

export class EmailDeliveryError extends Error {
  override readonly name = 'EmailDeliveryError';

  constructor(
    readonly failure: EmailFailure,
    message: string,
    /** The SMTP server's reply code, when it answered. */
    readonly responseCode?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isEmailDeliveryError(value: unknown): value is EmailDeliveryError {
  return value instanceof EmailDeliveryError;
}

/** What nodemailer puts on its errors (SMTP reply code, its own error code, the command that failed). */
interface NodemailerErrorFields {
  code?: string;
  responseCode?: number;
  command?: string;
  response?: string;
  message?: string;
}

const ADDRESS_CODES = new Set(['EENVELOPE', 'EMESSAGE']);

/** Maps a nodemailer failure to an EmailDeliveryError with a message an admin can act on. */
export function classifyEmailError(error: unknown): EmailDeliveryError {
  if (isEmailDeliveryError(error)) return error;
  const fields = (typeof error === 'object' && error !== null ? error : {}) as NodemailerErrorFields;
  const detail = (fields.response ?? fields.message ?? String(error)).trim();
  const code = fields.responseCode;
  if (fields.code === 'EAUTH') {
    return new EmailDeliveryError('temporary', `the SMTP server refused Doorman's login (${detail}): check email.smtp.username and email.smtp.password`, code, { cause: error });
  }
  if (code !== undefined && code >= 500) {
    return new EmailDeliveryError('permanent', `the SMTP server refused the message (${detail})`, code, { cause: error });
  }
  if (code !== undefined && code >= 400) {
    return new EmailDeliveryError('temporary', `the SMTP server asked to try again later (${detail})`, code, { cause: error });
  }
  if (fields.code && ADDRESS_CODES.has(fields.code)) {
    return new EmailDeliveryError('permanent', `the message cannot be sent as it is (${detail})`, code, { cause: error });
  }
  return new EmailDeliveryError('temporary', `could not talk to the SMTP server (${detail})`, code, { cause: error });
}
