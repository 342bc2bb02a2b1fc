import { createHash, timingSafeEqual } from 'node:crypto';

/** The header Telegram sends with every webhook delivery, carrying the secret given to setWebhook. */
export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/**
 * The secret token for setWebhook: `telegram.webhook_secret` when configured, else derived from the
 * bot token (stable across restarts, unguessable without the token, and never the token itself).
 * Telegram allows 1–256 characters of A–Z, a–z, 0–9, _ and -; hex fits.
 */
export function webhookSecret(config: { token: string; webhook_secret?: string }): string {
  if (config.webhook_secret) return config.webhook_secret;
  return createHash('sha256').update(`doorman telegram webhook\n${config.token}`).digest('hex').slice(0, 32);
}

/** Compares the header with the secret in constant time (both hashed first, so lengths leak nothing either). */
export function secretMatches(expected: string, given: string | string[] | undefined): boolean {
  if (typeof given !== 'string' || given === '') return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(expected), digest(given));
}

/** The path Telegram posts to, from `telegram.webhook_url` (`https://host/hooks/telegram` → `/hooks/telegram`). */
export function webhookPath(webhookUrl: string): string {
  return new URL(webhookUrl).pathname || '/';
}

/** Whether a posted body looks like a Telegram update at all (anything else is answered 400). */
export function isUpdate(body: unknown): body is { update_id: number } {
  return typeof body === 'object' && body !== null && Number.isSafeInteger((body as { update_id?: unknown }).update_id);
}
