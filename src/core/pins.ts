import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { randomUUID } from 'node:crypto';
import { PIN_ALPHABET, PIN_LENGTH } from '../chat/text.ts';
import type { Repositories } from '../db/repositories/index.ts';
import type { Clock } from './clock.ts';
import { DomainError } from './errors.ts';

/** How long a PIN may be verified (page → bot) or typed (bot → page). */
export const PIN_TTL_MS = 10 * 60_000;
/** How long a proven PIN may still be used to finish the sign-up form. */
export const PIN_SIGNUP_WINDOW_MS = 60 * 60_000;
export const ATTEMPT_WINDOW_MS = 10 * 60_000;
export const MAX_WRONG_ATTEMPTS = 5;

/** 8 characters from a 31-letter alphabet: about 39.6 bits, enough for 10 minutes and 5 tries. */
export function newPin(): string {
  let pin = '';
  for (let i = 0; i < PIN_LENGTH; i++) pin += PIN_ALPHABET[randomInt(PIN_ALPHABET.length)];
  return pin;
}

/** Secrets are stored and looked up by their SHA-256, so the lookup's timing says nothing about the PIN. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time equality of two hex hashes. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

export const RATE_LIMITED_MESSAGE = 'Too many wrong PINs. Wait ten minutes, then ask for a new PIN and try again.';

/**
 * Counts wrong tries per scope (a chat, or an invite and IP on the page) in the database, so a
 * restart forgets nothing. The sixth try inside the window is refused before anything is checked.
 */
export class AttemptLimiter {
  constructor(
    private readonly repos: Repositories,
    private readonly clock: Clock,
  ) {}

  async refuseWhenExhausted(scope: string, message = RATE_LIMITED_MESSAGE): Promise<void> {
    const since = new Date(this.clock.now().getTime() - ATTEMPT_WINDOW_MS).toISOString();
    const count = await this.repos.contactAttempts.countSince(secretHash(scope), since);
    if (count >= MAX_WRONG_ATTEMPTS) throw new DomainError('rate_limited', message);
  }

  async record(scope: string): Promise<void> {
    const now = this.clock.now();
    await this.repos.contactAttempts.insert({ id: randomUUID(), scope: secretHash(scope), at: now.toISOString() });
    // Old rows are worthless after the window; dropping them here keeps the table small without a job.
    await this.repos.contactAttempts.deleteBefore(new Date(now.getTime() - 2 * ATTEMPT_WINDOW_MS).toISOString());
  }
}
