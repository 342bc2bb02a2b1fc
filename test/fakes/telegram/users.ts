import type { Message, MessageEntity, Update } from 'grammy/types';
import type { StandinState } from './call.ts';
import type { SentMessage } from './recording.ts';
import { userEntities } from './text.ts';
import type { ChatType, StandinUser } from './world.ts';

export interface UserSendsOptions {
  /** Defaults to the user's id: their private chat with the bot. */
  chatId?: number;
  /** Defaults to 'private' for the user's own chat id, 'group' for another one. */
  chatType?: ChatType;
  /** Replaces the entities a Telegram client would compute (e.g. [] for a message without a bot_command entity). */
  entities?: MessageEntity[];
}

/** A user types `text`: queues a `message` update with the entities a Telegram client attaches. */
export function userSends(state: StandinState, user: StandinUser, text: string, options: UserSendsOptions = {}): Update {
  if (text.length === 0 || text.length > 4096) {
    throw new Error(`Telegram stand-in: a Telegram user can send 1–4096 characters, not ${text.length}`);
  }
  const { world } = state;
  const from = world.rememberUser(user);
  const chatId = options.chatId ?? user.id;
  const chatType = options.chatType ?? (chatId === user.id ? 'private' : 'group');
  const chat = world.openChat(from, chatId, chatType);
  const entities = options.entities ?? userEntities(text);
  const message = {
    message_id: world.nextMessageId(chat.id),
    from,
    chat,
    date: world.unixTime(),
    text,
    ...(entities.length > 0 ? { entities } : {}),
  } as Message;
  world.store(message, false);
  return state.updates.push({ message } as Update);
}

/**
 * A user presses an inline button of a message the bot sent: queues a `callback_query` update
 * carrying the message as it is now. Throws (a test mistake, not a Telegram error) when the
 * message is gone or has no button with that callback_data.
 */
export function userPresses(state: StandinState, user: StandinUser, message: Message | SentMessage, callbackData: string): Update {
  const { world } = state;
  const target = 'message_id' in message ? message : message.message;
  const current = world.find(target.chat.id, target.message_id);
  if (!current) throw new Error(`Telegram stand-in: message ${target.message_id} in chat ${target.chat.id} does not exist (deleted?)`);
  const buttons = current.message.reply_markup?.inline_keyboard.flat() ?? [];
  const data = buttons.flatMap((button) => ('callback_data' in button ? [button.callback_data] : []));
  if (!data.includes(callbackData)) {
    throw new Error(`Telegram stand-in: message ${target.message_id} has no button with callback_data ${JSON.stringify(callbackData)}; it has ${JSON.stringify(data)}`);
  }
  const from = world.rememberUser(user);
  const id = `cbq-${world.nextSerial()}`;
  world.callbackQueries.set(id, { answered: false, from });
  const callbackQuery = { id, from, message: current.message, chat_instance: String(current.message.chat.id), data: callbackData };
  return state.updates.push({ callback_query: callbackQuery } as Update);
}

/**
 * The user blocks (or unblocks) the bot. From now on sends to their chat fail with 403. Like
 * Telegram, queues a `my_chat_member` update when the user has a private chat with the bot.
 */
export function setBlocked(state: StandinState, userId: number, blocked: boolean): Update | undefined {
  const { world } = state;
  if (blocked) world.blocked.add(userId);
  else world.blocked.delete(userId);
  const chat = world.chats.get(userId);
  const from = world.users.get(userId);
  if (!chat || !from) return undefined;
  const bot = world.botUser();
  const member = (status: 'member' | 'kicked') => (status === 'kicked' ? { user: bot, status, until_date: 0 } : { user: bot, status });
  const change = {
    chat,
    from,
    date: world.unixTime(),
    old_chat_member: member(blocked ? 'member' : 'kicked'),
    new_chat_member: member(blocked ? 'kicked' : 'member'),
  };
  return state.updates.push({ my_chat_member: change } as Update);
}
