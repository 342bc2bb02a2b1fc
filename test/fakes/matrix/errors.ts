/** A Matrix error answer: HTTP status plus `{errcode, error, ...extra}`. */
export class MatrixApiError extends Error {
  constructor(
    readonly status: number,
    readonly errcode: string,
    readonly error: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(`${status} ${errcode}: ${error}`);
  }

  get body(): Record<string, unknown> {
    return { errcode: this.errcode, error: this.error, ...this.extra };
  }
}

export const notFound = (error: string): MatrixApiError => new MatrixApiError(404, 'M_NOT_FOUND', error);
export const forbidden = (error: string): MatrixApiError => new MatrixApiError(403, 'M_FORBIDDEN', error);
export const badJson = (error: string): MatrixApiError => new MatrixApiError(400, 'M_BAD_JSON', error);
export const rateLimited = (retryAfterMs: number): MatrixApiError =>
  new MatrixApiError(429, 'M_LIMIT_EXCEEDED', 'Too many requests', { retry_after_ms: retryAfterMs });
