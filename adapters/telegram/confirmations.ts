import type { InlineKeyboardMarkup } from 'grammy/types';
import { PendingConfirmations } from '../../src/chat/confirmations.ts';

export { CONFIRM_TTL_MS, confirmationQuestion, confirmedCommand, errorCodeOf, wantsConfirmation } from '../../src/chat/confirmations.ts';

/**
 * Telegram's Confirm / Cancel buttons over the shared pending confirmations (src/chat/confirmations.ts):
 * callback_data only carries `c:<id>` or `x:<id>`, far below Telegram's 64 bytes; the chat is kept
 * so the outcome can be sent where the question was.
 */
export class TelegramConfirmations extends PendingConfirmations<{ userId: number; chatId: number; text: string }> {}

export type ButtonPress = { action: 'confirm' | 'cancel'; id: string };

export function confirmKeyboard(id: string): InlineKeyboardMarkup {
  return {
    inline_keyboard: [[
      { text: 'Confirm', callback_data: `c:${id}` },
      { text: 'Cancel', callback_data: `x:${id}` },
    ]],
  };
}

/** Reads a button's callback_data; null for anything Doorman did not put there. */
export function parseButton(data: string | undefined): ButtonPress | null {
  const match = /^([cx]):([A-Za-z0-9_-]{1,32})$/.exec(data ?? '');
  if (!match) return null;
  return { action: match[1] === 'c' ? 'confirm' : 'cancel', id: match[2] };
}
