import type { FastifyInstance } from 'fastify';
import type { ChatDeliveries } from '../../src/chat/delivery.ts';
import type { ChatRuntime } from '../../src/chat/types.ts';
import type { Config } from '../../src/config/schema.ts';
import type { Logger } from '../../src/log.ts';
import type { TelegramAdapter } from './index.ts';

/**
 * What the composition root (src/app.ts) calls. This file imports no grammY: the bot library is only
 * loaded (by launchTelegram) when a `telegram` section is configured.
 */

/**
 * Routes Telegram's webhook POSTs (the path of `telegram.webhook_url`) to the running adapter. Must
 * be called before the HTTP server listens; until the adapter runs, posts answer 503 (Telegram
 * retries them). The route is anonymous: the secret token header is its authentication.
 */
export function mountTelegramWebhook(http: FastifyInstance, webhookUrl: string, adapter: () => Pick<TelegramAdapter, 'handleWebhook'> | null): void {
  const path = new URL(webhookUrl).pathname || '/';
  http.post(path, { config: { anonymous: true } }, async (request, reply) => {
    const running = adapter();
    const { status } = running ? await running.handleWebhook(request.headers['x-telegram-bot-api-secret-token'], request.body) : { status: 503 };
    return reply.code(status).send();
  });
}

/** Loads grammY and starts the bot for this config (long polling, or webhook when webhook_url is set). */
export async function launchTelegram(deps: { config: Config; chat: ChatRuntime; deliveries: ChatDeliveries; log: Logger; clock?: { now(): Date } }): Promise<TelegramAdapter> {
  const telegram = deps.config.telegram;
  if (!telegram) throw new Error('launchTelegram needs the telegram section of the config');
  const { startTelegram } = await import('./index.ts');
  const clock = deps.clock;
  return startTelegram({
    config: telegram, runtime: deps.chat, deliveries: deps.deliveries, log: deps.log, adminIds: deps.config.admins.telegram,
    now: clock ? () => clock.now().getTime() : undefined,
  });
}
