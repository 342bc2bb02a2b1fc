/** A Discord REST error: answered as `{code, message}` (plus extra fields such as `errors` or `retry_after`). */
export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  get body(): Record<string, unknown> {
    return { message: this.message, code: this.code, ...this.extra };
  }
}

export const unauthorized = (): RestError => new RestError(401, 0, '401: Unauthorized');
export const notFound = (what: string, code: number): RestError => new RestError(404, code, `Unknown ${what}`);
export const missingPermissions = (): RestError => new RestError(403, 50013, 'Missing Permissions');
export const cannotMessageUser = (): RestError => new RestError(403, 50007, 'Cannot send messages to this user');

/** 400 "Invalid Form Body" with Discord's nested `errors` shape, keyed by a dotted path. */
export function invalidFormBody(path: string, code: string, message: string): RestError {
  const errors: Record<string, unknown> = {};
  let cursor = errors;
  for (const key of path.split('.')) {
    const next: Record<string, unknown> = {};
    cursor[key] = next;
    cursor = next;
  }
  cursor._errors = [{ code, message }];
  return new RestError(400, 50035, 'Invalid Form Body', { errors });
}

/** 429 as Discord sends it: body `retry_after` in seconds, headers for discord.js's rate-limit handling. */
export function rateLimited(retryAfterSeconds: number, bucket: string): RestError {
  return new RestError(
    429,
    0,
    'You are being rate limited.',
    { retry_after: retryAfterSeconds, global: false },
    {
      'retry-after': String(retryAfterSeconds),
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset-after': String(retryAfterSeconds),
      'x-ratelimit-reset': String(Date.now() / 1000 + retryAfterSeconds),
      'x-ratelimit-bucket': bucket,
      'x-ratelimit-scope': 'user',
    },
  );
}
