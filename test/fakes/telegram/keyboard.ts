import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import { objectParam } from './body.ts';
import { badRequest } from './errors.ts';
import type { SentButton } from './recording.ts';

/**
 * The inline keyboard of a send or edit, checked as Telegram checks it (callback_data 1–64 bytes,
 * URL buttons with a dotted host).
 * Reply keyboards and keyboard removal are accepted but are not part of the message shown.
 */
export function inlineKeyboard(param: unknown): InlineKeyboardMarkup | undefined {
  const markup = objectParam(param, 'reply_markup');
  if (!markup || !('inline_keyboard' in markup)) return undefined;
  const rows = markup.inline_keyboard;
  if (!Array.isArray(rows) || rows.some((row) => !Array.isArray(row))) {
    throw badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object");
  }
  for (const button of rows.flat() as InlineKeyboardButton[]) checkButton(button);
  return { inline_keyboard: rows as InlineKeyboardButton[][] };
}

function checkButton(button: InlineKeyboardButton): void {
  if (typeof button !== 'object' || button === null || typeof button.text !== 'string') {
    throw badRequest("can't parse inline keyboard button: Field \"text\" must be of type String");
  }
  if ('callback_data' in button) {
    const bytes = Buffer.byteLength(String(button.callback_data), 'utf8');
    if (bytes < 1 || bytes > 64) throw badRequest('BUTTON_DATA_INVALID');
    return;
  }
  if ('url' in button) {
    if (!isButtonUrl(String(button.url))) throw badRequest('BUTTON_URL_INVALID');
    return;
  }
  const known = ['login_url', 'switch_inline_query', 'switch_inline_query_current_chat', 'callback_game', 'pay', 'web_app', 'copy_text'];
  if (!known.some((field) => field in button)) throw badRequest('text buttons are unallowed in the inline keyboard');
}

export function flattenButtons(markup: InlineKeyboardMarkup | undefined): SentButton[] {
  if (!markup) return [];
  return markup.inline_keyboard.flat().map((button) => ({
    text: button.text,
    ...('callback_data' in button ? { callbackData: button.callback_data } : {}),
    ...('url' in button ? { url: button.url } : {}),
  }));
}

/** Telegram wants an http(s) or tg URL whose host has a dot: `http://localhost:8096/…` is refused. */
function isButtonUrl(text: string): boolean {
  try {
    const url = new URL(text);
    if (url.protocol === 'tg:') return true;
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.includes('.');
  } catch {
    return false;
  }
}
