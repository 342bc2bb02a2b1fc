import type { MessageEntity } from 'grammy/types';
import { badRequest } from './errors.ts';
import { parseTelegramHtml, type FormattedText } from './html.ts';

export const MESSAGE_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;

/**
 * Turns outgoing text into what Telegram stores and shows: markup parsed (HTML only; see below),
 * leading and trailing white space removed as Telegram does, entities moved along with the trim.
 */
export function formatOutgoing(raw: string, parseMode: string | undefined, entities: MessageEntity[] | undefined): FormattedText {
  const formatted = parse(raw, parseMode, entities);
  return trimFormatted(formatted);
}

function parse(raw: string, parseMode: string | undefined, entities: MessageEntity[] | undefined): FormattedText {
  if (parseMode === undefined || parseMode === '') return { text: raw, entities: entities ?? [] };
  if (parseMode.toLowerCase() === 'html') return parseTelegramHtml(raw);
  if (/^markdown(v2)?$/i.test(parseMode)) {
    // Doorman speaks HTML only; refusing here makes a stray Markdown reply fail loudly in tests.
    throw badRequest(`can't parse entities: the Telegram stand-in implements parse_mode HTML only, not ${parseMode}`);
  }
  throw badRequest('unsupported parse_mode');
}

function trimFormatted({ text, entities }: FormattedText): FormattedText {
  const lead = /^[ \t\r\n]*/.exec(text)![0].length;
  const kept = text.slice(lead).replace(/[ \t\r\n]+$/, '');
  const moved = entities.flatMap((entity) => {
    const start = Math.max(entity.offset - lead, 0);
    const end = Math.min(entity.offset + entity.length - lead, kept.length);
    return end > start ? [{ ...entity, offset: start, length: end - start }] : [];
  });
  return { text: kept, entities: moved };
}

/** Message text: 1–4096 characters once markup is parsed, as Telegram checks it. */
export function messageText(raw: unknown, parseMode: string | undefined, entities: MessageEntity[] | undefined): FormattedText {
  if (typeof raw !== 'string' && typeof raw !== 'number') throw badRequest('message text is empty');
  const formatted = formatOutgoing(String(raw), parseMode, entities);
  if (formatted.text.length === 0) throw badRequest('message text is empty');
  if (formatted.text.length > MESSAGE_LIMIT) throw badRequest('message is too long');
  return formatted;
}

export function captionText(raw: unknown, parseMode: string | undefined, entities: MessageEntity[] | undefined): FormattedText {
  if (raw === undefined || raw === null) return { text: '', entities: [] };
  const formatted = formatOutgoing(String(raw), parseMode, entities);
  if (formatted.text.length > CAPTION_LIMIT) throw badRequest('message caption is too long');
  return formatted;
}

/**
 * The entities a Telegram client attaches to what a user types: a `bot_command` for each `/word`
 * (optionally `/word@botname`) at the start of the text or after white space. grammY's
 * `bot.command()` only fires for the one at offset 0.
 */
export function userEntities(text: string): MessageEntity[] {
  const entities: MessageEntity[] = [];
  for (const match of text.matchAll(/(^|[ \t\r\n])(\/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?)(?![A-Za-z0-9_@])/g)) {
    const offset = (match.index ?? 0) + match[1].length;
    entities.push({ type: 'bot_command', offset, length: match[2].length });
  }
  return entities;
}
