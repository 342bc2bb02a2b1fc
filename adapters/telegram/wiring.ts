import type { FastifyInstance } from 'fastify';
import type { ChatDeliveries } from '../../src/chat/delivery.ts';
import { BackgroundLauncher } from '../../src/chat/launcher.ts';
import type { ChatRuntime } from '../../src/chat/types.ts';
import type { Config } from '../../src/config/schema.ts';
import type { Logger } from '../../src/log.ts';
import type { TelegramAdapter } from './index.ts';

/**
 * What the composition root (src/app.ts) calls. This file imports no grammY: the bot library is only
 * loaded (by TelegramLauncher) when a `telegram` section is configured.
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

export interface TelegramLauncherDeps {
  config: Config;
  chat: ChatRuntime;
  deliveries: ChatDeliveries;
  log: Logger;
  /** The app's clock, for how long a Confirm button works. */
  clock?: { now(): Date };
}

/** Starts the bot in the background (see BackgroundLauncher); grammY is loaded only then. */
export class TelegramLauncher extends BackgroundLauncher<TelegramAdapter> {
  constructor(deps: TelegramLauncherDeps) {
    const { config, chat, deliveries, log, clock } = deps;
    super('Telegram', log, async (signal) => {
      const { startTelegram } = await import('./index.ts');
      return startTelegram({
        config: config.telegram!, runtime: chat, deliveries, log, adminIds: config.admins.telegram,
        now: clock ? () => clock.now().getTime() : undefined,
        signal,
      });
    });
  }
}
