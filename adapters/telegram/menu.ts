import type { Api } from 'grammy';
import type { Caller } from '../../commands/types.ts';
import type { ChatRuntime } from '../../src/chat/types.ts';
import type { Logger } from '../../src/log.ts';
import { withoutPayload } from './errors.ts';

/**
 * The command menus Telegram shows (setMyCommands): everyone's list for the default scope, and the
 * admin list for each admin's private chat. Telegram answers "chat not found" for an admin who has
 * never written to the bot, so an admin's list is set at start where possible and otherwise when
 * they first write. A failure is logged and never stops anything: the menu is a convenience.
 */
export class CommandMenus {
  /** Private chats whose menu this process set: true = the admin list. */
  private readonly adminChats = new Map<number, boolean>();

  constructor(
    private readonly api: Api,
    private readonly runtime: ChatRuntime,
    private readonly log: Logger,
  ) {}

  /** The default list, then the admin list for each configured admin Telegram already knows. */
  async publish(adminIds: readonly string[]): Promise<void> {
    try {
      await this.api.setMyCommands(this.runtime.commandsFor({ admin: false }), { scope: { type: 'default' } });
    } catch (error) {
      this.log.warn({ err: withoutPayload(error) }, 'could not set the Telegram command menu');
    }
    for (const id of adminIds) {
      const chatId = Number(id);
      if (Number.isSafeInteger(chatId)) await this.showAdminMenu(chatId, 'debug');
    }
  }

  /**
   * Called for each private message: an admin whose chat lacks the admin list gets it; someone who
   * stopped being an admin (a linked Jellyfin admin demoted) goes back to the default list.
   */
  async noteCaller(caller: Caller, chatId: number): Promise<void> {
    const shown = this.adminChats.get(chatId);
    if (caller.isAdmin && shown !== true) await this.showAdminMenu(chatId, 'warn');
    else if (!caller.isAdmin && shown === true) await this.showDefaultMenu(chatId);
  }

  private async showAdminMenu(chatId: number, level: 'debug' | 'warn'): Promise<void> {
    try {
      await this.api.setMyCommands(this.runtime.commandsFor({ admin: true }), { scope: { type: 'chat', chat_id: chatId } });
      this.adminChats.set(chatId, true);
    } catch (error) {
      // At start an admin who never wrote to the bot is normal ("chat not found"); they get it on first contact.
      this.log[level]({ err: withoutPayload(error), chat_id: chatId }, 'could not set the admin command menu for a Telegram chat');
    }
  }

  private async showDefaultMenu(chatId: number): Promise<void> {
    try {
      await this.api.deleteMyCommands({ scope: { type: 'chat', chat_id: chatId } });
      this.adminChats.set(chatId, false);
    } catch (error) {
      this.log.warn({ err: withoutPayload(error), chat_id: chatId }, 'could not reset the command menu for a Telegram chat');
    }
  }
}
