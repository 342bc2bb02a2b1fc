import type { ChatFullInfo, UserFromGetMe } from 'grammy/types';
import type { MethodHandler, StandinState } from './call.ts';

/** getMe, getChat and the command list methods. */
export function botMethods(state: StandinState): Record<string, MethodHandler> {
  const { world, commands } = state;
  return {
    getMe: (): UserFromGetMe => ({
      id: world.bot.id,
      is_bot: true,
      first_name: world.bot.firstName,
      username: world.bot.username,
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
    } as UserFromGetMe),
    getChat: (call): ChatFullInfo => {
      const chat = world.chatForBot(call.params.chat_id);
      return { ...chat, accent_color_id: 0, max_reaction_count: 11 } as ChatFullInfo;
    },
    setMyCommands: (call) => (commands.set(call.params), true),
    getMyCommands: (call) => commands.get(call.params),
    deleteMyCommands: (call) => (commands.delete(call.params), true),
  };
}
