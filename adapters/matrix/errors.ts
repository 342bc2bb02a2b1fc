/**
 * matrix-bot-sdk rejects with a MatrixError (an Error with `errcode`), a network Error, or, for a
 * non-2xx answer without `errcode`, the raw HTTP response, whose request carries the bot's
 * `Authorization` header. Only what `safeError` returns is logged or kept as a cause.
 */
export function safeError(error: unknown): Error {
  if (error instanceof Error) return error;
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  const safe = new Error(typeof status === 'number' ? `the homeserver answered HTTP ${status}` : String(error));
  return Object.assign(safe, typeof status === 'number' ? { statusCode: status } : {});
}

/** One line for people: `M_FORBIDDEN: …`, `HTTP 502`, or the network error's message. */
export function describeError(error: unknown): string {
  const failure = error as { errcode?: unknown; error?: unknown } | null;
  if (typeof failure?.errcode === 'string') return `${failure.errcode}: ${String(failure.error ?? '')}`;
  return safeError(error).message;
}
