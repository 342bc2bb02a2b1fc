/** A Bot API failure: answered as `{ok:false, error_code, description, parameters?}` with the same HTTP status. */
export class ApiError extends Error {
  readonly code: number;
  readonly description: string;
  readonly parameters: Record<string, unknown> | undefined;

  constructor(code: number, description: string, parameters?: Record<string, unknown>) {
    super(description);
    this.code = code;
    this.description = description;
    this.parameters = parameters;
  }
}

/** 400 with Telegram's "Bad Request: " prefix. */
export function badRequest(detail: string): ApiError {
  return new ApiError(400, `Bad Request: ${detail}`);
}

/** 403 with Telegram's "Forbidden: " prefix. */
export function forbidden(detail: string): ApiError {
  return new ApiError(403, `Forbidden: ${detail}`);
}

export function conflict(detail: string): ApiError {
  return new ApiError(409, `Conflict: ${detail}`);
}

export function tooManyRequests(retryAfterSeconds: number): ApiError {
  return new ApiError(429, `Too Many Requests: retry after ${retryAfterSeconds}`, { retry_after: retryAfterSeconds });
}
