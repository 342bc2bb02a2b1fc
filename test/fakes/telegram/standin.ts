import type { BotCommand, Message, Update } from 'grammy/types';
import type { StandinState } from './call.ts';
import { CommandStore, type CommandScope } from './commands.ts';
import { ApiError } from './errors.ts';
import { Faults } from './faults.ts';
import { RateLimits, type AdmittedSend, type RateLimitOptions } from './rate-limit.ts';
import { botMethods } from './methods-bot.ts';
import { messageMethods } from './methods-messages.ts';
import { updateMethods } from './methods-updates.ts';
import { Recording, type RecordedRequest, type SentMessage } from './recording.ts';
import { ApiServer } from './server.ts';
import { UpdateQueue } from './updates.ts';
import { setBlocked, userPresses, userSends, type UserSendsOptions } from './users.ts';
import { postUpdateToWebhook, type WebhookResponse } from './webhook.ts';
import { World, type StandinUser } from './world.ts';

export interface TelegramStandinOptions {
  /** Default 'doorman_test_bot'. */
  botUsername?: string;
  /** Default: the number before ':' in the token. */
  botId?: number;
  /** Default '123456:TEST-token'. */
  token?: string;
  /** The bot's first_name; default 'Doorman Test Bot'. */
  botName?: string;
  /** The first update_id handed out; default 700001 (Telegram's ids are never small). */
  firstUpdateId?: number;
  /** Message dates; default the system clock. */
  now?: () => Date;
}

/**
 * A local stand-in for the Telegram Bot API (https://core.telegram.org/bots/api) that the real grammY
 * talks to through `new Bot(token, { client: { apiRoot } })`: long polling, sending and editing
 * messages with Telegram's HTML rules, commands, documents, webhooks, faults on demand, and a record
 * of every call. Users act through userSends / userPresses / blockBot.
 */
export class TelegramStandin {
  readonly token: string;
  /** `http://127.0.0.1:PORT`, no trailing slash: grammY's `client.apiRoot`, Doorman's `telegram.api_root`. */
  readonly apiRoot: string;
  readonly bot: { id: number; username: string; firstName: string };
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly state: StandinState,
    private readonly faults: Faults,
    private readonly server: ApiServer,
    private readonly rateLimits: RateLimits,
  ) {
    this.token = state.world.bot.token;
    this.bot = { id: state.world.bot.id, username: state.world.bot.username, firstName: state.world.bot.firstName };
    this.apiRoot = `http://127.0.0.1:${server.port}`;
  }

  static async start(options: TelegramStandinOptions = {}): Promise<TelegramStandin> {
    const token = options.token ?? '123456:TEST-token';
    const bot = {
      id: options.botId ?? (Number(token.split(':')[0]) || 123456),
      username: options.botUsername ?? 'doorman_test_bot',
      firstName: options.botName ?? 'Doorman Test Bot',
      token,
    };
    const world = new World(bot, options.now ?? (() => new Date()));
    const updates = new UpdateQueue(options.firstUpdateId ?? 700_001);
    const recording = new Recording();
    const webhook = { url: '', secretToken: undefined, maxConnections: undefined, allowedUpdates: undefined };
    const state: StandinState = { world, updates, recording, commands: new CommandStore(world), webhook };
    const faults = new Faults();
    const methods = { ...botMethods(state), ...updateMethods(state), ...messageMethods(state) };
    const rateLimits = new RateLimits();
    const server = await ApiServer.listen({ token, methods, faults, rateLimits, recording, isPollParked: () => updates.isPollParked });
    return new TelegramStandin(state, faults, server, rateLimits);
  }

  /** Answers a parked long poll at once, waits for ~50 ms of quiet, closes. Stop the bot first (bot.stop()). */
  close(): Promise<void> {
    this.closing ??= this.server.close(() => this.state.updates.release());
    return this.closing;
  }

  // ── what users do ────────────────────────────────────────────────────────────────────────────

  /** The user sends `text` (private chat by default); a leading /command gets its bot_command entity. */
  userSends(user: StandinUser, text: string, options?: UserSendsOptions): Update {
    return userSends(this.state, user, text, options);
  }

  /** The user presses the inline button with `callbackData` on `message` (a SentMessage or a Message). */
  userPresses(user: StandinUser, message: Message | SentMessage, callbackData: string): Update {
    return userPresses(this.state, user, message, callbackData);
  }

  /** The user blocks the bot: sends to their chat answer 403 "Forbidden: bot was blocked by the user". */
  blockBot(userId: number): Update | undefined {
    return setBlocked(this.state, userId, true);
  }

  unblockBot(userId: number): Update | undefined {
    return setBlocked(this.state, userId, false);
  }

  /** The user opened a private chat with the bot earlier (no update is queued): sends to them are accepted. */
  userOpenedChat(user: StandinUser): void {
    this.state.world.openChat(this.state.world.rememberUser(user), user.id, 'private');
  }

  // ── faults ───────────────────────────────────────────────────────────────────────────────────

  /**
   * Enforces Telegram's flood control from now on (undefined turns it off): more than `perSecond`
   * sends in any second, or sends to one chat faster than `perChatPerSecond` (default 1), are
   * answered 429 with retry_after. See `rateLimitLog` for what was let through.
   */
  enforceRateLimit(options: RateLimitOptions | undefined): void {
    this.rateLimits.configure(options);
  }

  /** The sends flood control let through (at its clock, in order) and how many it refused with 429. */
  get rateLimitLog(): { admitted: readonly AdmittedSend[]; refused: number } {
    return { admitted: this.rateLimits.admitted, refused: this.rateLimits.refused };
  }

  /** The next `times` calls of `method` answer 429 "Too Many Requests: retry after N" with parameters.retry_after. */
  rateLimitNext(method: string, retryAfterSeconds: number, times = 1): void {
    this.faults.rateLimit(method, retryAfterSeconds, times);
  }

  /**
   * Successful calls of `method` take effect at once (a message is delivered and recorded) but are
   * answered `ms` later, like a slow network: the bot has sends in flight that already arrived.
   */
  delayAnswers(method: string, ms: number): void {
    this.faults.delayAnswers(method, ms);
  }

  /** The next call of `method` fails with exactly this error_code and description (e.g. 'Bad Request: …'). */
  failNext(method: string, errorCode: number, description: string, parameters?: Record<string, unknown>): void {
    this.faults.add(method, new ApiError(errorCode, description, parameters));
  }

  // ── webhooks ─────────────────────────────────────────────────────────────────────────────────

  /** The webhook the bot set with setWebhook, or undefined while none is set. */
  get webhook(): { url: string; secretToken: string | undefined } | undefined {
    const { url, secretToken } = this.state.webhook;
    return url ? { url, secretToken } : undefined;
  }

  /** POSTs an update to `url` as Telegram would (header X-Telegram-Bot-Api-Secret-Token when given). */
  postUpdateToWebhook(url: string, update: Update, secretToken?: string): Promise<WebhookResponse> {
    return postUpdateToWebhook(url, update, secretToken);
  }

  /** Delivers every pending update to the webhook the bot set, in order; a 2xx answer confirms (removes) it. */
  async deliverPendingToWebhook(): Promise<WebhookResponse[]> {
    const hook = this.webhook;
    if (!hook) throw new Error('Telegram stand-in: no webhook is set (the bot has not called setWebhook)');
    const responses: WebhookResponse[] = [];
    for (const update of this.state.updates.peek()) {
      const response = await postUpdateToWebhook(hook.url, update, hook.secretToken);
      if (response.status >= 200 && response.status < 300) this.state.updates.remove((u) => u.update_id === update.update_id);
      responses.push(response);
    }
    return responses;
  }

  // ── what the bot did ─────────────────────────────────────────────────────────────────────────

  /** Every call, in arrival order. */
  get requests(): readonly RecordedRequest[] {
    return this.state.recording.requests;
  }

  /** Messages the bot sent or edited successfully (to `chatId` if given), oldest first. */
  sent(chatId?: number): SentMessage[] {
    return this.state.recording.sent.filter((message) => chatId === undefined || message.chatId === chatId);
  }

  /**
   * The first request matching, already recorded or arriving later, seen once answered — or, for a
   * long poll, once parked (status null). Rejects after timeoutMs with a list of what arrived.
   */
  waitFor(predicate: (request: RecordedRequest, index: number) => boolean, timeoutMs = 3000): Promise<RecordedRequest> {
    return this.state.recording.waitForRequest(predicate, timeoutMs);
  }

  /** The first sent message matching (already sent or arriving later); `index` counts all sent messages. */
  waitForSent(predicate: (message: SentMessage, index: number) => boolean, timeoutMs = 3000): Promise<SentMessage> {
    return this.state.recording.waitForSent(predicate, timeoutMs);
  }

  /** The next message the bot sends from now on (to `chatId` if given). Call it before or right after the user acts. */
  nextSent(chatId?: number, timeoutMs = 3000): Promise<SentMessage> {
    const from = this.state.recording.sent.length;
    return this.waitForSent((message, index) => index >= from && (chatId === undefined || message.chatId === chatId), timeoutMs);
  }

  /** A message as it is now (after edits); undefined once deleted or if it never existed. */
  message(chatId: number, messageId: number): Message | undefined {
    return this.state.world.find(chatId, messageId)?.message;
  }

  /** The command list set for a scope and language, as getMyCommands answers it. */
  commands(scope?: CommandScope, languageCode?: string): BotCommand[] {
    return this.state.commands.read(scope, languageCode);
  }

  /** Every command list set, keyed `scope|language`: `default|`, `chat:42|`, `all_private_chats|de`. */
  allCommands(): Map<string, BotCommand[]> {
    return this.state.commands.all();
  }

  /** Updates not yet confirmed by a getUpdates offset (or a 2xx from the webhook). */
  pendingUpdates(): Update[] {
    return this.state.updates.peek();
  }

  /** Resolves once the bot's getUpdates long poll is parked (the bot is idle and listening); rejects after timeoutMs. */
  async waitForParkedPoll(timeoutMs = 3000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Telegram stand-in: no getUpdates long poll parked within ${timeoutMs} ms; requests so far:\n${this.state.recording.dump()}`)), timeoutMs);
    });
    try {
      await Promise.race([this.state.updates.whenParked(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** True while the bot's getUpdates long poll is parked waiting for an update. */
  get isPollParked(): boolean {
    return this.state.updates.isPollParked;
  }
}
