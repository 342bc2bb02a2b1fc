/**
 * What went wrong talking to Jellyfin. `unavailable` covers network errors, timeouts and 5xx after
 * retries; `rejected` is a 4xx Jellyfin answered (its body is opaque, see the contract §1).
 */
export type JellyfinErrorKind = 'unavailable' | 'timeout' | 'unauthorized' | 'forbidden' | 'not_found' | 'rejected';

export class JellyfinError extends Error {
  override readonly name = 'JellyfinError';

  constructor(
    readonly kind: JellyfinErrorKind,
    message: string,
    readonly info: { method?: string; path?: string; status?: number; body?: string } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** True when the request may have done its work although no answer came back. */
  get outcomeUnknown(): boolean {
    return this.kind === 'timeout';
  }
}
