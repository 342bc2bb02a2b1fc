import type { MessageEntity } from 'grammy/types';
import { badRequest, type ApiError } from './errors.ts';

/** Text as Telegram shows it plus the entities the markup produced (offsets in UTF-16 code units, as the Bot API counts). */
export interface FormattedText {
  text: string;
  entities: MessageEntity[];
}

const SUPPORTED_TAGS = new Set([
  'a', 'b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler',
  'code', 'pre', 'blockquote', 'tg-emoji',
]);

interface OpenTag {
  name: string;
  argument: string;
  expandable: boolean;
  offset: number;
}

/** The mutable cursor of one parse: mirrors how Telegram's own parser walks the text byte by byte. */
interface Parser {
  source: string;
  at: number;
  out: string;
  open: OpenTag[];
  entities: MessageEntity[];
}

/**
 * Parses Telegram's HTML the way the Bot API does (parse_mode "HTML"): only the tags Telegram supports,
 * `&lt; &gt; &amp; &quot;` and numeric references decoded, a `&` that starts no known reference kept as
 * text, and everything else — an unknown tag such as `<br>`, a bare `<`, a missing or mismatched end
 * tag — refused with the same wording Telegram uses ("can't parse entities: …", byte offsets in UTF-8).
 */
export function parseTelegramHtml(source: string): FormattedText {
  const parser: Parser = { source, at: 0, out: '', open: [], entities: [] };
  while (parser.at < source.length) {
    const char = source[parser.at];
    if (char === '&' && decodeReferenceInto(parser)) continue;
    if (char !== '<') {
      parser.out += char;
      parser.at += 1;
      continue;
    }
    if (source[parser.at + 1] === '/') closeTag(parser);
    else openTag(parser);
  }
  const unclosed = parser.open.at(-1);
  if (unclosed) throw parseError(`Can't find end tag corresponding to start tag "${unclosed.name}"`);
  return { text: parser.out, entities: parser.entities.sort((a, b) => a.offset - b.offset || b.length - a.length) };
}

function parseError(detail: string): ApiError {
  return badRequest(`can't parse entities: ${detail}`);
}

function byteOffset(parser: Parser, index: number): number {
  return Buffer.byteLength(parser.source.slice(0, index), 'utf8');
}

const isSpace = (char: string | undefined): boolean => char === ' ' || char === '\t' || char === '\r' || char === '\n';

/** Decodes the reference at the cursor into the output; false (cursor untouched) when it is no reference Telegram knows. */
function decodeReferenceInto(parser: Parser): boolean {
  const decoded = decodeReference(parser.source, parser.at);
  if (!decoded) return false;
  parser.out += decoded.char;
  parser.at = decoded.next;
  return true;
}

export function decodeReference(source: string, at: number): { char: string; next: number } | undefined {
  let end = at + 1;
  let codePoint = 0;
  if (source[end] === '#') {
    end += 1;
    const hex = source[end] === 'x';
    if (hex) end += 1;
    const digits = hex ? /[0-9a-fA-F]/ : /[0-9]/;
    const start = end;
    while (end < source.length && digits.test(source[end])) end += 1;
    codePoint = end > start ? parseInt(source.slice(start, end), hex ? 16 : 10) : 0;
    if (codePoint === 0 || codePoint >= 0x10ffff || end - at >= 10) return undefined;
  } else {
    while (end < source.length && /[a-zA-Z]/.test(source[end])) end += 1;
    const named: Record<string, number> = { lt: 60, gt: 62, amp: 38, quot: 34 };
    codePoint = named[source.slice(at + 1, end)] ?? 0;
    if (codePoint === 0) return undefined;
  }
  return { char: String.fromCodePoint(codePoint), next: source[end] === ';' ? end + 1 : end };
}

function openTag(parser: Parser): void {
  const { source } = parser;
  const begin = parser.at;
  let at = begin + 1;
  while (at < source.length && !isSpace(source[at]) && source[at] !== '>') at += 1;
  if (at >= source.length) throw parseError(`Unclosed start tag at byte offset ${byteOffset(parser, begin)}`);
  const name = source.slice(begin + 1, at).toLowerCase();
  if (!SUPPORTED_TAGS.has(name)) {
    throw parseError(`Unsupported start tag "${name}" at byte offset ${byteOffset(parser, begin)}`);
  }
  const tag: OpenTag = { name, argument: '', expandable: false, offset: parser.out.length };
  parser.at = at;
  readAttributes(parser, tag, begin);
  parser.at += 1; // past '>'
  if (name === 'span' && tag.argument !== 'spoiler') {
    throw parseError(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(parser, begin)}`);
  }
  parser.open.push(tag);
}

/** Reads `name="value"` / `name='value'` / `name=token` / bare `expandable` up to the closing '>'. */
function readAttributes(parser: Parser, tag: OpenTag, begin: number): void {
  const { source } = parser;
  const unclosed = (): ApiError => parseError(`Unclosed start tag at byte offset ${byteOffset(parser, begin)}`);
  for (;;) {
    while (parser.at < source.length && isSpace(source[parser.at])) parser.at += 1;
    if (parser.at >= source.length) throw unclosed();
    if (source[parser.at] === '>') return;
    const nameStart = parser.at;
    while (parser.at < source.length && !isSpace(source[parser.at]) && !'=>'.includes(source[parser.at])) parser.at += 1;
    const attribute = source.slice(nameStart, parser.at).toLowerCase();
    if (attribute === '') {
      throw parseError(`Empty attribute name in the tag "${tag.name}" at byte offset ${byteOffset(parser, begin)}`);
    }
    while (parser.at < source.length && isSpace(source[parser.at])) parser.at += 1;
    if (source[parser.at] !== '=') {
      if (tag.name === 'blockquote' && attribute === 'expandable') {
        tag.expandable = true;
        continue;
      }
      throw parseError(`Expected equal sign in declaration of an attribute of the tag "${tag.name}" at byte offset ${byteOffset(parser, begin)}`);
    }
    parser.at += 1;
    while (parser.at < source.length && isSpace(source[parser.at])) parser.at += 1;
    if (parser.at >= source.length) throw unclosed();
    applyAttribute(tag, attribute, readAttributeValue(parser));
    if (parser.at >= source.length) throw unclosed();
  }
}

function readAttributeValue(parser: Parser): string {
  const { source } = parser;
  const quote = source[parser.at];
  if (quote !== '"' && quote !== "'") {
    const start = parser.at;
    while (parser.at < source.length && /[a-zA-Z0-9.-]/.test(source[parser.at])) parser.at += 1;
    const next = source[parser.at];
    if (parser.at < source.length && !isSpace(next) && next !== '>') {
      throw parseError(`Unexpected end of name token at byte offset ${byteOffset(parser, start)}`);
    }
    return source.slice(start, parser.at).toLowerCase();
  }
  parser.at += 1;
  let value = '';
  while (parser.at < source.length && source[parser.at] !== quote) {
    const decoded = source[parser.at] === '&' ? decodeReference(source, parser.at) : undefined;
    if (decoded) {
      value += decoded.char;
      parser.at = decoded.next;
    } else {
      value += source[parser.at];
      parser.at += 1;
    }
  }
  if (source[parser.at] === quote) parser.at += 1;
  return value;
}

function applyAttribute(tag: OpenTag, attribute: string, value: string): void {
  if (tag.name === 'a' && attribute === 'href') tag.argument = value;
  else if (tag.name === 'code' && attribute === 'class' && value.startsWith('language-')) tag.argument = value.slice(9);
  else if (tag.name === 'span' && attribute === 'class' && value.startsWith('tg-')) tag.argument = value.slice(3);
  else if (tag.name === 'tg-emoji' && attribute === 'emoji-id') tag.argument = value;
  else if (tag.name === 'blockquote' && attribute === 'expandable') tag.expandable = true;
}

function closeTag(parser: Parser): void {
  const { source } = parser;
  const begin = parser.at;
  const tag = parser.open.at(-1);
  if (!tag) throw parseError(`Unexpected end tag at byte offset ${byteOffset(parser, begin)}`);
  let at = begin + 2;
  while (at < source.length && !isSpace(source[at]) && source[at] !== '>') at += 1;
  const name = source.slice(begin + 2, at).toLowerCase();
  while (at < source.length && isSpace(source[at])) at += 1;
  if (source[at] !== '>') throw parseError(`Unclosed end tag at byte offset ${byteOffset(parser, begin)}`);
  if (name !== '' && name !== tag.name) {
    throw parseError(`Unmatched end tag at byte offset ${byteOffset(parser, begin)}, expected "</${tag.name}>", found "</${name}>"`);
  }
  parser.at = at + 1;
  parser.open.pop();
  addEntity(parser, tag);
}

function addEntity(parser: Parser, tag: OpenTag): void {
  const offset = tag.offset;
  const length = parser.out.length - offset;
  if (length === 0) return;
  if (tag.name === 'pre') {
    parser.entities.push(preEntity(parser, offset, length));
    return;
  }
  const entity = entityFor(tag, offset, length, parser.out.slice(offset));
  if (entity) parser.entities.push(entity);
}

/** A `<pre><code class="language-x">` pair is one pre entity with a language, as Telegram merges it. */
function preEntity(parser: Parser, offset: number, length: number): MessageEntity {
  const last = parser.entities.at(-1);
  if (last?.type === 'code' && last.offset === offset && last.length === length) {
    parser.entities.pop();
    const language = (last as { language?: string }).language;
    if (language) return { type: 'pre', offset, length, language };
  }
  return { type: 'pre', offset, length };
}

function entityFor(tag: OpenTag, offset: number, length: number, shown: string): MessageEntity | undefined {
  const simple: Record<string, MessageEntity['type']> = {
    b: 'bold', strong: 'bold', i: 'italic', em: 'italic', u: 'underline', ins: 'underline',
    s: 'strikethrough', strike: 'strikethrough', del: 'strikethrough', span: 'spoiler', 'tg-spoiler': 'spoiler',
  };
  const type = simple[tag.name];
  if (type) return { type, offset, length } as MessageEntity;
  if (tag.name === 'code') {
    // Kept with its language only until a surrounding <pre> closes and absorbs it.
    return (tag.argument ? { type: 'code', offset, length, language: tag.argument } : { type: 'code', offset, length }) as MessageEntity;
  }
  if (tag.name === 'blockquote') return { type: tag.expandable ? 'expandable_blockquote' : 'blockquote', offset, length };
  if (tag.name === 'tg-emoji') {
    if (!tag.argument) throw parseError('Custom emoji entity must contain a valid custom emoji identifier');
    return { type: 'custom_emoji', offset, length, custom_emoji_id: tag.argument };
  }
  return linkEntity(tag.argument || shown, offset, length);
}

/** `<a href>`: Telegram drops a link whose URL it cannot use instead of refusing the message. */
function linkEntity(href: string, offset: number, length: number): MessageEntity | undefined {
  const mention = /^tg:\/\/user\?id=(\d+)$/.exec(href);
  if (mention) return { type: 'text_mention', offset, length, user: { id: Number(mention[1]), is_bot: false, first_name: '' } };
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:/i.test(href) ? href : `http://${href}`);
  } catch {
    return undefined;
  }
  if (!['http:', 'https:', 'tg:', 'ton:', 'mailto:'].includes(url.protocol)) return undefined;
  return { type: 'text_link', offset, length, url: url.href };
}
