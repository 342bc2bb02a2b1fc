import type { Chat, InlineKeyboardMarkup, Message, MessageEntity } from 'grammy/types';
import { arrayParam, stringParam } from './body.ts';
import type { ApiCall, StandinState } from './call.ts';
import type { FormattedText } from './html.ts';
import { flattenButtons } from './keyboard.ts';
import type { SentMessage } from './recording.ts';

export function entitiesParam(value: unknown): MessageEntity[] | undefined {
  return arrayParam(value, 'entities') as MessageEntity[] | undefined;
}

/** The Message a bot send produces in `chat`. */
export function botMessage(state: StandinState, chat: Chat, content: Partial<Message>, markup: InlineKeyboardMarkup | undefined): Message {
  const { world } = state;
  return {
    message_id: world.nextMessageId(chat.id),
    from: world.botUser(),
    chat,
    date: world.unixTime(),
    ...content,
    ...(markup ? { reply_markup: markup } : {}),
  } as Message;
}

export function recordSent(
  state: StandinState,
  method: SentMessage['method'],
  call: ApiCall,
  message: Message,
  shown: FormattedText,
  extra: Partial<SentMessage> = {},
): void {
  const markup = message.reply_markup;
  state.recording.addSent({
    method,
    chatId: message.chat.id,
    messageId: message.message_id,
    raw: stringParam(call.params.text ?? call.params.caption) ?? '',
    text: shown.text,
    entities: shown.entities,
    parseMode: stringParam(call.params.parse_mode),
    replyMarkup: markup,
    buttons: flattenButtons(markup),
    message,
    at: new Date(),
    ...extra,
  });
}

