import { autoRetry } from '@grammyjs/auto-retry';
import { Api, Bot, BotError, type Context } from 'grammy';
import type { Update } from 'grammy/types';
import type { ChatDeliveries } from '../../src/chat/delivery.ts';
import type { ChatRuntime } from '../../src/chat/types.ts';
import type { Config } from '../../src/config/schema.ts';
import type { Logger } from '../../src/log.ts';
import { TelegramConfirmations } from './confirmations.ts';
import { Conversation } from './conversation.ts';
import { withoutPayload } from './errors.ts';
import { TelegramDelivery } from './delivery.ts';
import { CommandMenus } from './menu.ts';
import { TelegramSender } from './send.ts';
import { isUpdate, secretMatches, webhookPath, webhookSecret } from './webhook.ts';

export { renderReply, type RenderedReply } from './render.ts';
export { escapeHtml } from './html.ts';
export { SECRET_HEADER, webhookPath, webhookSecret } from './webhook.ts';
export { CONFIRM_TTL_MS } from './confirmations.ts';

export interface TelegramOptions {
  config: NonNullable<Config['telegram']>;
  runtime: ChatRuntime;
  /** The app's registry; the adapter registers its delivery once started and removes it on stop. */
  deliveries: ChatDeliveries;
  log: Logger;
  /** `admins.telegram`: their private chats get the admin command menu. */
  adminIds: readonly string[];
  /** Milliseconds since the epoch, for the 10-minute life of Confirm buttons (tests move it). */
  now?: () => number;
  /** Long-poll timeout in seconds (grammY's default 30). */
  pollTimeoutSeconds?: number;
  /** How long start waits for Telegram to answer getMe before giving up (default 30 s). */
  startTimeoutMs?: number;
  /** Cancels a start still waiting for Telegram (Doorman shutting down meanwhile). */
  signal?: AbortSignal;
}

export interface TelegramAdapter {
  /** The grammY bot, started (long polling) or with its webhook set. */
  bot: Bot;
  delivery: TelegramDelivery;
  mode: 'polling' | 'webhook';
  /** In webhook mode, the path of `telegram.webhook_url`, where the HTTP server must route POSTs to handleWebhook. */
  webhookPath: string | undefined;
  /**
   * One webhook delivery: the X-Telegram-Bot-Api-Secret-Token header and the parsed JSON body.
   * 401 (and nothing happens) for a wrong or missing secret, 400 for a body that is no update,
   * 404 in polling mode, 503 once stopped; else the update is handled before answering 200
   * (also when handling failed: the person got an apology, and Telegram must not redeliver it).
   */
  handleWebhook(secretHeader: string | string[] | undefined, body: unknown): Promise<{ status: number }>;
  /** Stops polling (or refuses further webhook posts), waits for updates in progress, unregisters the delivery. */
  stop(): Promise<void>;
}

/** Updates Doorman reads; everything else stays at Telegram. */
const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

/**
 * Starts Doorman's Telegram bot (grammY) against `telegram.api_root`: long polling by default,
 * webhook mode when `telegram.webhook_url` is set. Rate limits (429 retry_after) are waited out
 * by the auto-retry transformer; outages and 5xx are not retried here (a direct send reports
 * them to its caller; polling retries by itself). Resolves once the bot listens.
 */
export async function startTelegram(options: TelegramOptions): Promise<TelegramAdapter> {
  const { config, runtime, log: parentLog } = options;
  const log = parentLog.child({ module: 'telegram' });
  const bot = new Bot(config.token, { client: { apiRoot: config.api_root } });
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 300, rethrowInternalServerErrors: true, rethrowHttpErrors: true }));
  await initBot(bot, options.startTimeoutMs ?? 30_000, options.signal);
  const botHandle = bot.botInfo.username;
  const sender = new TelegramSender(bot.api);
  // The outbox's sends skip auto-retry: it reschedules a 429 at its retry_after rather than wait here.
  const delivery = new TelegramDelivery(sender, botHandle, new TelegramSender(new Api(bot.token, bot.api.options)));
  const menus = new CommandMenus(bot.api, runtime, log);
  const conversation = new Conversation({
    runtime, sender, menus, botHandle, log,
    sendDirect: (userId, reply) => delivery.sendDirect(userId, reply),
    confirmations: new TelegramConfirmations(options.now),
  });
  bot.on('message:text', (ctx) => conversation.onText(ctx));
  bot.on('callback_query:data', (ctx) => conversation.onButton(ctx));
  bot.catch((error) => conversation.onError(error));
  const unregister = options.deliveries.register(delivery);
  try {
    await menus.publish(options.adminIds);
    const running = config.webhook_url
      ? await startWebhook(bot, config, conversation, log)
      : await startPolling(bot, options.pollTimeoutSeconds, log);
    log.info({ bot: botHandle, mode: running.mode }, `Telegram bot @${botHandle} is running (${running.mode})`);
    return {
      bot, delivery, mode: running.mode, webhookPath: running.webhookPath, handleWebhook: running.handleWebhook,
      async stop() {
        unregister();
        await running.stop();
      },
    };
  } catch (error) {
    unregister();
    throw error;
  }
}

async function initBot(bot: Bot, timeoutMs: number, cancel: AbortSignal | undefined): Promise<void> {
  const signal = cancel ? AbortSignal.any([cancel, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
  try {
    // grammY types its signal with the abort-controller polyfill; Node's own AbortSignal is what it uses at run time.
    await bot.init(signal as unknown as Parameters<Bot['init']>[0]);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(`Telegram did not accept the bot (getMe failed: ${detail}). Check telegram.token and telegram.api_root.`, { cause: withoutPayload(error) });
  }
}

type Running = Pick<TelegramAdapter, 'mode' | 'webhookPath' | 'handleWebhook' | 'stop'>;

async function startPolling(bot: Bot, timeout: number | undefined, log: Logger): Promise<Running> {
  let done!: Promise<void>;
  await new Promise<void>((resolve, reject) => {
    done = bot.start({ allowed_updates: [...ALLOWED_UPDATES], timeout, onStart: () => resolve() });
    done.catch(reject);
  });
  // After start, a rejection means polling itself died (401 revoked token, 409 another instance polling).
  const finished = done.catch((error: unknown) => log.error({ err: withoutPayload(error) }, 'Telegram polling stopped'));
  return {
    mode: 'polling',
    webhookPath: undefined,
    handleWebhook: async () => ({ status: 404 }),
    async stop() {
      if (bot.isRunning()) await bot.stop().catch((error: unknown) => log.warn({ err: withoutPayload(error) }, 'Telegram did not confirm the last update on stop'));
      await finished;
    },
  };
}

async function startWebhook(bot: Bot, config: TelegramOptions['config'], conversation: Conversation, log: Logger): Promise<Running> {
  const url = config.webhook_url!;
  const secret = webhookSecret(config);
  await bot.api.setWebhook(url, { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES] });
  const inFlight = new Set<Promise<void>>();
  let stopped = false;
  const handle = async (update: Update): Promise<void> => {
    try {
      await bot.handleUpdate(update);
    } catch (error) {
      if (error instanceof BotError) await conversation.onError(error as BotError<Context>);
      else log.error({ err: withoutPayload(error), update_id: update.update_id }, 'a Telegram webhook update failed');
    }
  };
  return {
    mode: 'webhook',
    webhookPath: webhookPath(url),
    async handleWebhook(secretHeader, body) {
      if (stopped) return { status: 503 };
      if (!secretMatches(secret, secretHeader)) return { status: 401 };
      if (!isUpdate(body)) return { status: 400 };
      const work = handle(body as Update);
      inFlight.add(work);
      try {
        await work;
      } finally {
        inFlight.delete(work);
      }
      return { status: 200 };
    },
    async stop() {
      // The webhook stays set: Telegram keeps the updates until Doorman is back (or switches to polling, which deletes it).
      stopped = true;
      await Promise.all(inFlight);
    },
  };
}
