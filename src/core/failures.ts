import { DomainError, isDomainError } from './errors.ts';

/**
 * Turning outages into the two retryable refusals every surface knows. A DomainError raised on the
 * way (username_taken …) is already meant for the person and passes through unchanged.
 */

export const JELLYFIN_UNAVAILABLE_MESSAGE = 'The media server did not answer, so nothing was changed. Please try again in a minute.';
export const STORAGE_UNAVAILABLE_MESSAGE = "Doorman's database could not be written, so nothing was changed. Please try again in a minute.";

export function jellyfinUnavailable(message = JELLYFIN_UNAVAILABLE_MESSAGE): DomainError {
  return new DomainError('jellyfin_unavailable', message, { retryable: true });
}

export function storageUnavailable(message = STORAGE_UNAVAILABLE_MESSAGE): DomainError {
  return new DomainError('storage_unavailable', message, { retryable: true });
}

/** Runs a Jellyfin call; any failure other than a DomainError becomes jellyfin_unavailable. */
export async function fromJellyfin<T>(work: () => Promise<T>, message?: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isDomainError(error)) throw error;
    throw withCause(jellyfinUnavailable(message), error);
  }
}

/** Runs a local write; any failure other than a DomainError becomes storage_unavailable. */
export async function fromStorage<T>(work: () => Promise<T>, message?: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isDomainError(error)) throw error;
    throw withCause(storageUnavailable(message), error);
  }
}

/** Keeps the real failure for logs and the journal; the person only sees the DomainError. */
export function withCause(error: DomainError, cause: unknown): DomainError {
  error.cause = cause;
  return error;
}

/** One line for logs and the journal: the error and what caused it (never a password: errors carry none). */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const own = `${error.name}: ${error.message}`;
  return error.cause instanceof Error ? `${own} (cause: ${describeError(error.cause)})` : own;
}
