import type { FastifyInstance } from 'fastify';
import type { ChatDeliveries } from '../../src/chat/delivery.ts';
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

/**
 * Starts the bot in the background, so Doorman's pages and API serve even while Telegram cannot be
 * reached or refuses the token: that failure is logged (naming the keys to check) and Doorman runs
 * without Telegram. `ready()` resolves once the start succeeded or failed; `stop()` also cancels a
 * start still in progress.
 */
export class TelegramLauncher {
  private running: TelegramAdapter | null = null;
  private starting: Promise<void> | null = null;
  private readonly cancel = new AbortController();

  constructor(private readonly deps: TelegramLauncherDeps) {}

  /** The running adapter, or null before it started, after a failed start and after stop. */
  get adapter(): TelegramAdapter | null {
    return this.running;
  }

  start(): void {
    this.starting ??= this.launch();
  }

  ready(): Promise<void> {
    return this.starting ?? Promise.resolve();
  }

  async stop(): Promise<void> {
    this.cancel.abort();
    await this.ready();
    const adapter = this.running;
    this.running = null;
    await adapter?.stop();
  }

  private async launch(): Promise<void> {
    const { config, chat, deliveries, log, clock } = this.deps;
    try {
      const { startTelegram } = await import('./index.ts');
      const adapter = await startTelegram({
        config: config.telegram!, runtime: chat, deliveries, log, adminIds: config.admins.telegram,
        now: clock ? () => clock.now().getTime() : undefined,
        signal: this.cancel.signal,
      });
      if (this.cancel.signal.aborted) await adapter.stop();
      else this.running = adapter;
    } catch (error) {
      if (!this.cancel.signal.aborted) log.error({ err: error }, 'the Telegram bot could not start; Doorman runs without Telegram');
    }
  }
}
