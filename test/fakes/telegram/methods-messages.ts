import type { Message } from 'grammy/types';
import { intParam, stringParam } from './body.ts';
import type { ApiCall, MethodHandler, StandinState } from './call.ts';
import { badRequest } from './errors.ts';
import { inlineKeyboard } from './keyboard.ts';
import { sendDocument } from './methods-document.ts';
import { botMessage, entitiesParam, recordSent } from './outgoing.ts';
import { messageText } from './text.ts';
import type { StoredMessage } from './world.ts';

const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

/** sendMessage, editMessageText, editMessageReplyMarkup, deleteMessage, answerCallbackQuery, sendChatAction, sendDocument. */
export function messageMethods(state: StandinState): Record<string, MethodHandler> {
  return {
    sendMessage: (call) => sendMessage(state, call),
    editMessageText: (call) => editMessageText(state, call),
    editMessageReplyMarkup: (call) => editMessageReplyMarkup(state, call),
    deleteMessage: (call) => deleteMessage(state, call),
    answerCallbackQuery: (call) => answerCallbackQuery(state, call),
    sendChatAction: (call) => (state.world.chatToSendTo(call.params.chat_id), true),
    sendDocument: (call) => sendDocument(state, call),
  };
}

function sendMessage(state: StandinState, call: ApiCall): Message {
  const chat = state.world.chatToSendTo(call.params.chat_id);
  const parseMode = stringParam(call.params.parse_mode);
  const shown = messageText(call.params.text, parseMode, entitiesParam(call.params.entities));
  const markup = inlineKeyboard(call.params.reply_markup);
  const content = { text: shown.text, ...(shown.entities.length > 0 ? { entities: shown.entities } : {}) };
  const message = botMessage(state, chat, content, markup);
  state.world.store(message, true);
  recordSent(state, 'sendMessage', call, message, shown);
  return message;
}

/** The bot's own message named by chat_id + message_id, as an edit finds it. */
function messageToEdit(state: StandinState, call: ApiCall): StoredMessage {
  if (call.params.inline_message_id !== undefined) throw badRequest('the Telegram stand-in does not implement inline messages');
  const chat = state.world.chatToSendTo(call.params.chat_id);
  const stored = state.world.find(chat.id, intParam(call.params.message_id));
  if (!stored) throw badRequest('message to edit not found');
  if (!stored.fromBot) throw badRequest("message can't be edited");
  return stored;
}

function editMessageText(state: StandinState, call: ApiCall): Message {
  const stored = messageToEdit(state, call);
  const shown = messageText(call.params.text, stringParam(call.params.parse_mode), entitiesParam(call.params.entities));
  // Telegram drops the keyboard of an edit that names none, so "unchanged" includes the keyboard.
  const markup = inlineKeyboard(call.params.reply_markup);
  const before = stored.message;
  const same =
    before.text === shown.text &&
    JSON.stringify(before.entities ?? []) === JSON.stringify(shown.entities) &&
    JSON.stringify(before.reply_markup) === JSON.stringify(markup);
  if (same) throw badRequest(NOT_MODIFIED);
  const { entities: _oldEntities, reply_markup: _oldMarkup, ...rest } = before;
  const edited = {
    ...rest,
    text: shown.text,
    ...(shown.entities.length > 0 ? { entities: shown.entities } : {}),
    ...(markup ? { reply_markup: markup } : {}),
    edit_date: state.world.unixTime(),
  } as Message;
  stored.message = edited;
  recordSent(state, 'editMessageText', call, edited, shown);
  return edited;
}

function editMessageReplyMarkup(state: StandinState, call: ApiCall): Message {
  const stored = messageToEdit(state, call);
  const markup = inlineKeyboard(call.params.reply_markup);
  if (JSON.stringify(stored.message.reply_markup) === JSON.stringify(markup)) throw badRequest(NOT_MODIFIED);
  const { reply_markup: _old, ...rest } = stored.message;
  const edited = { ...rest, ...(markup ? { reply_markup: markup } : {}), edit_date: state.world.unixTime() } as Message;
  stored.message = edited;
  const text = edited.text ?? edited.caption ?? '';
  const shown = { text, entities: edited.entities ?? edited.caption_entities ?? [] };
  recordSent(state, 'editMessageReplyMarkup', call, edited, shown, { raw: text, parseMode: undefined });
  return edited;
}

function deleteMessage(state: StandinState, call: ApiCall): boolean {
  const chat = state.world.chatForBot(call.params.chat_id);
  const stored = state.world.find(chat.id, intParam(call.params.message_id));
  if (!stored) throw badRequest('message to delete not found');
  stored.deleted = true;
  return true;
}

function answerCallbackQuery(state: StandinState, call: ApiCall): boolean {
  const query = state.world.callbackQueries.get(stringParam(call.params.callback_query_id) ?? '');
  if (!query || query.answered) throw badRequest('query is too old and response timeout expired or query ID is invalid');
  query.answered = true;
  return true;
}
