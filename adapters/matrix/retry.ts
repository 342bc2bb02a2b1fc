/**
 * matrix-bot-sdk 0.7.1 does not retry a 429 itself: a request answered `M_LIMIT_EXCEEDED` rejects
 * with a MatrixError carrying `retryAfterMs`. Every request the adapter makes goes through here.
 */

/** Attempts in all (the first try included) before a rate limit is reported to the caller. */
export const RATE_LIMIT_ATTEMPTS = 5;
/** A homeserver that asks for a longer wait is not waited for: the caller gets the error. */
export const MAX_RATE_LIMIT_WAIT_MS = 60_000;
/** When a 429 says nothing about how long to wait. */
const DEFAULT_WAIT_MS = 1_000;

/** The wait a rate-limited answer asks for, or null when `error` is no rate limit. */
export function rateLimitWaitMs(error: unknown): number | null {
  const failure = error as { statusCode?: unknown; errcode?: unknown; retryAfterMs?: unknown; body?: { retry_after_ms?: unknown } } | null;
  if (!failure || (failure.statusCode !== 429 && failure.errcode !== 'M_LIMIT_EXCEEDED')) return null;
  const asked = typeof failure.retryAfterMs === 'number' ? failure.retryAfterMs : failure.body?.retry_after_ms;
  return typeof asked === 'number' && asked >= 0 ? asked : DEFAULT_WAIT_MS;
}

/**
 * Runs `request`, waiting out 429s as the homeserver asks; other failures reject at once. With
 * `attempts: 1` a rate limit is passed on (the outbox reschedules instead of waiting).
 */
export async function withRateLimitRetry<T>(request: () => Promise<T>, signal?: AbortSignal, attempts = RATE_LIMIT_ATTEMPTS): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request();
    } catch (error) {
      const wait = rateLimitWaitMs(error);
      if (wait === null || attempt >= attempts || wait > MAX_RATE_LIMIT_WAIT_MS || signal?.aborted) throw error;
      await sleep(wait, signal);
    }
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
