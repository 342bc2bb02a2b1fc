import { GrammyError, InputFile, type Api } from 'grammy';
import type { InlineKeyboardMarkup, Message } from 'grammy/types';
import type { RenderedReply } from './render.ts';

/** How many sent messages' content is remembered to skip edits that would change nothing. */
const REMEMBERED_MESSAGES = 500;

/** Where a reply goes: a chat, and in a group the message it answers (so the asker sees it is theirs). */
export interface Destination {
  chatId: number;
  replyTo?: number;
}

/**
 * Sends and edits rendered replies (HTML, in order, awaited). Remembers what each recent message
 * shows, so an edit to the same text and keyboard is not sent at all (Telegram refuses it with
 * "message is not modified"; that answer is also taken as success should the memory have lost it).
 */
export class TelegramSender {
  private readonly shown = new Map<string, string>();

  constructor(private readonly api: Api) {}

  /** Sends every message, then the document; the keyboard goes on the last thing sent. Returns the messages sent. */
  async send(to: Destination, rendered: RenderedReply, keyboard?: InlineKeyboardMarkup): Promise<Message[]> {
    const sent: Message[] = [];
    const { messages, document } = rendered;
    for (const [index, html] of messages.entries()) {
      const last = index === messages.length - 1 && !document;
      const markup = last ? keyboard : undefined;
      const message = await this.api.sendMessage(to.chatId, html, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...(markup ? { reply_markup: markup } : {}),
        ...(index === 0 && to.replyTo !== undefined ? { reply_parameters: { message_id: to.replyTo, allow_sending_without_reply: true } } : {}),
      });
      this.remember(to.chatId, message.message_id, html, markup);
      sent.push(message);
    }
    if (document) sent.push(await this.sendDocument(to, document, keyboard, messages.length === 0));
    return sent;
  }

  /**
   * Replaces a message the bot sent with the first part of `rendered` (text and keyboard; no
   * keyboard removes it) and sends any further parts as new messages. `fallback` is the text the
   * edited message shows when everything else is a document (documents cannot replace text).
   */
  async edit(chatId: number, messageId: number, rendered: RenderedReply, fallback: string, keyboard?: InlineKeyboardMarkup): Promise<void> {
    const [first, ...rest] = rendered.messages;
    const onlyPart = rest.length === 0 && !rendered.document;
    await this.editText(chatId, messageId, first ?? fallback, onlyPart ? keyboard : undefined);
    if (rest.length > 0 || rendered.document) await this.send({ chatId }, { messages: rest, document: rendered.document }, keyboard);
  }

  /** Edits the text (and keyboard) unless the message already shows exactly that. */
  async editText(chatId: number, messageId: number, html: string, keyboard?: InlineKeyboardMarkup): Promise<void> {
    if (this.shown.get(key(chatId, messageId)) === signature(html, keyboard)) return;
    try {
      await this.api.editMessageText(chatId, messageId, html, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...(keyboard ? { reply_markup: keyboard } : {}),
      });
    } catch (error) {
      if (!isNotModified(error)) throw error;
    }
    this.remember(chatId, messageId, html, keyboard);
  }

  private async sendDocument(to: Destination, document: NonNullable<RenderedReply['document']>, keyboard: InlineKeyboardMarkup | undefined, first: boolean): Promise<Message> {
    const file = new InputFile(Buffer.from(document.content, 'utf8'), document.name);
    return this.api.sendDocument(to.chatId, file, {
      ...(document.caption ? { caption: document.caption, parse_mode: 'HTML' as const } : {}),
      ...(keyboard ? { reply_markup: keyboard } : {}),
      ...(first && to.replyTo !== undefined ? { reply_parameters: { message_id: to.replyTo, allow_sending_without_reply: true } } : {}),
    });
  }

  private remember(chatId: number, messageId: number, html: string, keyboard: InlineKeyboardMarkup | undefined): void {
    const id = key(chatId, messageId);
    this.shown.delete(id);
    this.shown.set(id, signature(html, keyboard));
    if (this.shown.size > REMEMBERED_MESSAGES) this.shown.delete(this.shown.keys().next().value as string);
  }
}

function key(chatId: number, messageId: number): string {
  return `${chatId}:${messageId}`;
}

function signature(html: string, keyboard: InlineKeyboardMarkup | undefined): string {
  return `${html}\u0000${keyboard ? JSON.stringify(keyboard) : ''}`;
}

export function isNotModified(error: unknown): boolean {
  return error instanceof GrammyError && error.error_code === 400 && /message is not modified/i.test(error.description);
}
