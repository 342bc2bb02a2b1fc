import type { BotError, Context } from 'grammy';
import type { CallbackQuery, Message, User } from 'grammy/types';
import type { Reply } from '../../commands/reply.ts';
import type { Caller } from '../../commands/types.ts';
import { isChatDeliveryError } from '../../src/chat/delivery.ts';
import type { ChatRuntime } from '../../src/chat/types.ts';
import type { Logger } from '../../src/log.ts';
import {
  confirmationQuestion, confirmedCommand, confirmKeyboard, parseButton, wantsConfirmation, type TelegramConfirmations,
} from './confirmations.ts';
import { withoutPayload } from './errors.ts';
import { escapeHtml } from './html.ts';
import type { CommandMenus } from './menu.ts';
import { renderReply } from './render.ts';
import type { Destination, TelegramSender } from './send.ts';

export interface ConversationDeps {
  runtime: ChatRuntime;
  sender: TelegramSender;
  /** Sends to a user's private chat; used for secrets asked for in a group. */
  sendDirect(userId: string, reply: Reply): Promise<void>;
  confirmations: TelegramConfirmations;
  menus: CommandMenus;
  /** The bot's username without `@`. */
  botHandle: string;
  log: Logger;
}

/** Where a command came from: who typed it, in which chat, as which message. */
export interface Origin {
  userId: number;
  chatId: number;
  inDm: boolean;
  messageId?: number;
}

/**
 * Turns Telegram updates into runs of the chat runtime and renders the answers: text messages,
 * Confirm/Cancel presses, and the one error handler every failed update ends in.
 */
export class Conversation {
  constructor(private readonly deps: ConversationDeps) {}

  /** A text message: in a private chat every message, in a group only a /command meant for this bot. */
  async onText(ctx: Context): Promise<void> {
    const message = ctx.message;
    if (!message?.text || !message.from || message.from.is_bot) return;
    const inDm = message.chat.type === 'private';
    if (!inDm && !addressedToBot(message, this.deps.botHandle)) return;
    const caller = await this.identify(message.from, inDm);
    if (inDm) await this.deps.menus.noteCaller(caller, message.chat.id);
    const reply = await this.deps.runtime.run(caller, message.text);
    await this.answer({ userId: message.from.id, chatId: message.chat.id, inDm, messageId: message.message_id }, reply, message.text);
  }

  /** Sends a command's reply where it belongs: with buttons when it needs a confirmation, secrets only privately. */
  async answer(origin: Origin, reply: Reply, typed: string): Promise<void> {
    if (isEmpty(reply)) return;
    const to: Destination = { chatId: origin.chatId, replyTo: origin.inDm ? undefined : origin.messageId };
    if (wantsConfirmation(reply)) {
      const id = this.deps.confirmations.add({ userId: origin.userId, chatId: origin.chatId, text: typed });
      await this.deps.sender.send(to, renderReply(confirmationQuestion(reply)), confirmKeyboard(id));
      return;
    }
    if (reply.secret && !origin.inDm) {
      await this.deps.sender.send(to, renderReply({ text: await this.sendPrivately(origin, reply) }));
      return;
    }
    await this.deps.sender.send(to, renderReply(reply));
  }

  /** A button press. The query is always answered, whatever happens, so the client stops its spinner. */
  async onButton(ctx: Context): Promise<void> {
    const query = ctx.callbackQuery;
    if (!query) return;
    let answered = false;
    const answer = async (text?: string, alert = false) => {
      answered = true;
      await ctx.answerCallbackQuery(text ? { text, show_alert: alert } : {});
    };
    try {
      await this.press(query, answer);
    } finally {
      if (!answered) await ctx.answerCallbackQuery().catch((error: unknown) => this.deps.log.warn({ err: withoutPayload(error) }, 'could not answer a Telegram button press'));
    }
  }

  private async press(query: CallbackQuery, answer: (text?: string, alert?: boolean) => Promise<void>): Promise<void> {
    const button = parseButton(query.data);
    const pending = button ? this.deps.confirmations.find(button.id) : undefined;
    const message = query.message;
    if (!button || !pending) {
      await answer('This confirmation has expired. Send the command again.', true);
      if (message) await this.showExpired(message.chat.id, message.message_id, 'text' in message ? message.text : undefined);
      return;
    }
    if (pending.userId !== query.from.id) {
      await answer('Only the person who sent this command can confirm or cancel it.', true);
      return;
    }
    this.deps.confirmations.remove(button.id);
    if (button.action === 'cancel') {
      await answer('Cancelled');
      if (message) await this.deps.sender.editText(message.chat.id, message.message_id, 'Cancelled. Nothing was changed.');
      return;
    }
    await answer();
    const inDm = (message?.chat.type ?? 'private') === 'private';
    const caller = await this.identify(query.from, inDm);
    const reply = await this.deps.runtime.run(caller, confirmedCommand(pending.text));
    await this.showConfirmed({ userId: query.from.id, chatId: pending.chatId, inDm }, message?.message_id, reply);
  }

  /** Marks an expired question as such (its buttons go); a message Telegram no longer lets us edit is left alone. */
  private async showExpired(chatId: number, messageId: number, text: string | undefined): Promise<void> {
    const html = `${escapeHtml(text ?? 'This confirmation')}\n\n<i>Expired: send the command again.</i>`;
    await this.deps.sender.editText(chatId, messageId, html).catch((error: unknown) => this.deps.log.debug({ err: withoutPayload(error) }, 'could not mark a Telegram confirmation expired'));
  }

  /** The confirmed command's answer replaces the question (its buttons go); secrets still only go privately. */
  private async showConfirmed(origin: Origin, questionId: number | undefined, reply: Reply): Promise<void> {
    // A second confirmation request would loop; show its words without buttons instead.
    const plain: Reply = wantsConfirmation(reply) ? { text: reply.text } : reply;
    const shown = plain.secret && !origin.inDm ? { text: await this.sendPrivately(origin, plain) } : plain;
    const rendered = renderReply(isEmpty(shown) ? { text: 'Done.' } : shown);
    if (questionId === undefined) await this.deps.sender.send({ chatId: origin.chatId }, rendered);
    else await this.deps.sender.edit(origin.chatId, questionId, rendered, 'Done: the answer follows.');
  }

  /** DMs a secret reply; returns what to say in the group about it. */
  private async sendPrivately(origin: Origin, reply: Reply): Promise<string> {
    try {
      await this.deps.sendDirect(String(origin.userId), reply);
      return 'That answer is private, so I sent it to you in a private chat.';
    } catch (error) {
      if (isChatDeliveryError(error) && error.failure === 'closed') {
        return `That answer is private, and I cannot message you yet: send /start to @${this.deps.botHandle} first, then ask again.`;
      }
      this.deps.log.warn({ err: error }, 'could not send a private Telegram answer');
      return 'That answer is private, and I could not reach your private chat just now. Please try again later.';
    }
  }

  /**
   * The last stop of a failed update (grammY's bot.catch, and the webhook path): logged with a
   * reference, and the person gets the runtime's apology carrying that reference. Never throws:
   * a throwing error handler would stop grammY's polling loop.
   */
  async onError(error: BotError<Context>): Promise<void> {
    try {
      const failure = withoutPayload(error.error);
      const reply = this.deps.runtime.refusal(failure);
      const reference = (reply.data as { error?: { reference?: string } } | undefined)?.error?.reference;
      this.deps.log.error({ err: failure, update_id: error.ctx.update.update_id, reference }, 'a Telegram update failed');
      if (error.ctx.callbackQuery) await error.ctx.answerCallbackQuery().catch(() => undefined);
      const chatId = error.ctx.chat?.id;
      if (chatId !== undefined) await this.deps.sender.send({ chatId }, renderReply(reply));
    } catch (secondary) {
      this.deps.log.warn({ err: withoutPayload(secondary) }, 'could not tell the Telegram user that their update failed');
    }
  }

  private identify(from: User, inDm: boolean): Promise<Caller> {
    return this.deps.runtime.identify({
      platform: 'telegram',
      userId: String(from.id),
      handle: from.username ? `@${from.username}` : undefined,
      inDm,
      ...(from.language_code ? { language: from.language_code } : {}),
    });
  }
}

/** A group message is for Doorman only when it starts with a /command without @ or with this bot's @name. */
export function addressedToBot(message: Pick<Message, 'text' | 'entities'>, botHandle: string): boolean {
  const entity = message.entities?.find((candidate) => candidate.type === 'bot_command' && candidate.offset === 0);
  if (!entity || !message.text) return false;
  const command = message.text.slice(0, entity.length);
  const at = command.indexOf('@');
  return at === -1 || command.slice(at + 1).toLowerCase() === botHandle.toLowerCase();
}

function isEmpty(reply: Reply): boolean {
  return reply.text.trim() === '' && !reply.fields?.length && !reply.table && !reply.file && !reply.confirm;
}
