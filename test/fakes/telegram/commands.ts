import type { BotCommand } from 'grammy/types';
import { arrayParam, objectParam, stringParam, intParam } from './body.ts';
import { badRequest } from './errors.ts';
import type { World } from './world.ts';

/** A command scope as the Bot API names it; `chat_id`/`user_id` only for the chat scopes. */
export interface CommandScope {
  type: 'default' | 'all_private_chats' | 'all_group_chats' | 'all_chat_administrators' | 'chat' | 'chat_administrators' | 'chat_member';
  chat_id?: number | string;
  user_id?: number;
}

const SCOPE_TYPES = new Set(['default', 'all_private_chats', 'all_group_chats', 'all_chat_administrators', 'chat', 'chat_administrators', 'chat_member']);

/** The command lists set with setMyCommands, one per (scope, language); an empty list deletes. */
export class CommandStore {
  private readonly lists = new Map<string, BotCommand[]>();

  constructor(private readonly world: World) {}

  set(params: Record<string, unknown>): void {
    const commands = validCommands(params.commands);
    const key = this.key(params);
    if (commands.length === 0) this.lists.delete(key);
    else this.lists.set(key, commands);
  }

  get(params: Record<string, unknown>): BotCommand[] {
    return this.lists.get(this.key(params)) ?? [];
  }

  delete(params: Record<string, unknown>): void {
    this.lists.delete(this.key(params));
  }

  /** For tests: the list for a scope and language, as getMyCommands would answer. */
  read(scope: CommandScope = { type: 'default' }, languageCode = ''): BotCommand[] {
    return this.lists.get(scopeKey(scope, languageCode)) ?? [];
  }

  /** Every list set, keyed `scope|language` (e.g. `default|`, `chat:42|`, `all_private_chats|de`). */
  all(): Map<string, BotCommand[]> {
    return new Map(this.lists);
  }

  private key(params: Record<string, unknown>): string {
    const scope = (objectParam(params.scope, 'scope') ?? { type: 'default' }) as unknown as CommandScope;
    if (!SCOPE_TYPES.has(scope.type)) throw badRequest("can't parse BotCommandScope: Unsupported type specified");
    if (scope.type === 'chat' || scope.type === 'chat_administrators' || scope.type === 'chat_member') {
      // A chat scope needs a chat the bot can see: an admin who never wrote to the bot is "chat not found".
      const chatId = intParam(scope.chat_id);
      if (chatId === undefined || !this.world.chats.has(chatId)) throw badRequest('chat not found');
    }
    return scopeKey(scope, stringParam(params.language_code) ?? '');
  }
}

function scopeKey(scope: CommandScope, languageCode: string): string {
  const target = [scope.chat_id, scope.user_id].filter((part) => part !== undefined).join(':');
  return `${scope.type}${target ? `:${target}` : ''}|${languageCode}`;
}

/** Command names `[a-z0-9_]{1,32}`, descriptions 1–256 characters, at most 100 commands — Telegram's rules and words. */
function validCommands(value: unknown): BotCommand[] {
  const list = arrayParam(value, 'commands');
  if (list === undefined) throw badRequest('parameter "commands" is required');
  if (list.length > 100) throw badRequest('too many commands');
  return list.map((item) => {
    if (typeof item !== 'object' || item === null) throw badRequest("can't parse BotCommand: expected an Object");
    const { command, description } = item as Record<string, unknown>;
    if (typeof command !== 'string') throw badRequest(`can't parse BotCommand: Can't find field "command"`);
    if (typeof description !== 'string') throw badRequest(`can't parse BotCommand: Can't find field "description"`);
    if (!/^[a-z0-9_]{1,32}$/.test(command)) throw badRequest('BOT_COMMAND_INVALID');
    if (description.trim().length === 0) throw badRequest('command description must be non-empty');
    if (description.length > 256) throw badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
    return { command, description };
  });
}
