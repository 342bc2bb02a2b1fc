import type { Chat, Message, User } from 'grammy/types';
import { badRequest, forbidden } from './errors.ts';
import { intParam } from './body.ts';

/** A person in a test: only `id` is required; names default to something readable. */
export interface StandinUser {
  id: number;
  username?: string;
  first_name?: string;
  last_name?: string;
  language_code?: string;
}

export type ChatType = 'private' | 'group' | 'supergroup';

export interface BotIdentity {
  id: number;
  username: string;
  firstName: string;
  token: string;
}

/** A message as the stand-in keeps it: the Bot API object plus who wrote it. */
export interface StoredMessage {
  message: Message;
  fromBot: boolean;
  deleted: boolean;
}

/**
 * Who and what the fake Telegram knows: users, the chats they opened with the bot, their messages,
 * who blocked the bot. A bot may only message a private chat the user opened by writing to it.
 */
export class World {
  readonly users = new Map<number, User>();
  readonly chats = new Map<number, Chat>();
  readonly blocked = new Set<number>();
  private readonly messages = new Map<string, StoredMessage>();
  private readonly lastMessageId = new Map<number, number>();
  readonly callbackQueries = new Map<string, { answered: boolean; from: User }>();
  private serial = 0;

  constructor(
    readonly bot: BotIdentity,
    private readonly now: () => Date,
  ) {}

  unixTime(): number {
    return Math.floor(this.now().getTime() / 1000);
  }

  botUser(): User {
    return { id: this.bot.id, is_bot: true, first_name: this.bot.firstName, username: this.bot.username };
  }

  rememberUser(user: StandinUser): User {
    const wire: User = {
      id: user.id,
      is_bot: false,
      first_name: user.first_name ?? user.username ?? `User ${user.id}`,
      ...(user.last_name === undefined ? {} : { last_name: user.last_name }),
      ...(user.username === undefined ? {} : { username: user.username }),
      ...(user.language_code === undefined ? {} : { language_code: user.language_code }),
    };
    this.users.set(user.id, wire);
    return wire;
  }

  /** The chat a user writes in: their private chat with the bot unless a group is named. */
  openChat(user: User, chatId: number | undefined, chatType: ChatType): Chat {
    if (chatType === 'private') {
      const chat: Chat = {
        id: user.id, type: 'private', first_name: user.first_name,
        ...(user.last_name === undefined ? {} : { last_name: user.last_name }),
        ...(user.username === undefined ? {} : { username: user.username }),
      };
      this.chats.set(user.id, chat);
      return chat;
    }
    const id = chatId ?? -1_000_000_000_000 - user.id;
    const chat = (this.chats.get(id) ?? { id, type: chatType, title: `Test ${chatType} ${id}` }) as Chat;
    this.chats.set(id, chat);
    return chat;
  }

  /** The chat a bot call names by chat_id, refused as Telegram refuses it. */
  chatForBot(chatIdParam: unknown): Chat {
    if (chatIdParam === undefined || chatIdParam === null || chatIdParam === '') throw badRequest('chat_id is empty');
    const id = intParam(chatIdParam);
    const chat = id === undefined ? undefined : this.chats.get(id);
    if (!chat) {
      if (id !== undefined && this.users.has(id)) throw forbidden("bot can't initiate conversation with a user");
      throw badRequest('chat not found');
    }
    return chat;
  }

  /** chatForBot plus the checks that apply to sending into it. */
  chatToSendTo(chatIdParam: unknown): Chat {
    const chat = this.chatForBot(chatIdParam);
    if (chat.type === 'private' && this.blocked.has(chat.id)) throw forbidden('bot was blocked by the user');
    return chat;
  }

  nextMessageId(chatId: number): number {
    const id = (this.lastMessageId.get(chatId) ?? 0) + 1;
    this.lastMessageId.set(chatId, id);
    return id;
  }

  nextSerial(): number {
    this.serial += 1;
    return this.serial;
  }

  store(message: Message, fromBot: boolean): StoredMessage {
    const stored = { message, fromBot, deleted: false };
    this.messages.set(`${message.chat.id}:${message.message_id}`, stored);
    return stored;
  }

  find(chatId: number, messageId: number | undefined): StoredMessage | undefined {
    if (messageId === undefined) return undefined;
    const stored = this.messages.get(`${chatId}:${messageId}`);
    return stored && !stored.deleted ? stored : undefined;
  }
}
