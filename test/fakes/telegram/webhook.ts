import type { Update } from 'grammy/types';

/** What a webhook endpoint answered to a delivered update. */
export interface WebhookResponse {
  status: number;
  body: string;
  /** The body parsed as JSON when it is JSON (a webhook reply carries a method call), else undefined. */
  json: unknown;
}

/** POSTs one update the way Telegram delivers it: JSON, with the secret token header when one is given. */
export async function postUpdateToWebhook(url: string, update: Update, secretToken?: string): Promise<WebhookResponse> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (secretToken !== undefined) headers['x-telegram-bot-api-secret-token'] = secretToken;
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(update) });
  const body = await response.text();
  let json: unknown;
  try {
    json = body ? JSON.parse(body) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, body, json };
}
