import type { Reply, ReplyTable } from '../../commands/reply.ts';
import { blockHtml, escapeHtml, markdownBlocks, type HtmlBlock } from './html.ts';

/** Telegram's limits: characters of a message's text and of a document's caption (after parsing). */
export const MESSAGE_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;
/** More messages than this for one reply is a wall of text: it goes out as a file instead. */
export const MAX_MESSAGES_PER_REPLY = 3;

/** What one Reply becomes in Telegram: HTML messages in order, and at most one document after them. */
export interface RenderedReply {
  /** Telegram HTML, each at most MESSAGE_LIMIT characters of markup (so of text too). */
  messages: string[];
  document?: { name: string; content: string; caption?: string };
}

/**
 * Renders the neutral Reply as Telegram HTML. Reply.text is Markdown (a small subset is converted,
 * the rest escaped); field labels and values, table cells and file content are plain text and
 * always escaped. Long replies are split between lines; very long ones become a text file.
 */
export function renderReply(reply: Reply): RenderedReply {
  const blocks = replyBlocks(reply);
  const messages = blocks.length === 0 ? [] : packMessages(blocks);
  if (reply.file) return withFile(messages, reply.file);
  if (messages !== null && messages.length <= MAX_MESSAGES_PER_REPLY) return { messages };
  return asFile(reply, blocks);
}

/** Sections in order (text, confirmation prompt, fields, progress, table), a blank line between sections. */
export function replyBlocks(reply: Reply): HtmlBlock[] {
  const sections: HtmlBlock[][] = [];
  if (reply.text.trim() !== '') sections.push(trimBlankEdges(markdownBlocks(reply.text)));
  if (reply.confirm && reply.confirm.prompt.trim() !== '') sections.push(trimBlankEdges(markdownBlocks(reply.confirm.prompt)));
  if (reply.fields?.length) {
    sections.push(reply.fields.map((field) => ({ kind: 'line', html: `<b>${escapeHtml(oneLine(field.label))}</b>: ${escapeHtml(field.value)}` })));
  }
  if (reply.progress) sections.push([{ kind: 'line', html: `${reply.progress.done} of ${reply.progress.total} done` }]);
  if (reply.table) sections.push([{ kind: 'pre', lines: tableLines(reply.table) }]);
  return sections.flatMap((section, index) => (index === 0 ? section : [{ kind: 'line', html: '' } as HtmlBlock, ...section]));
}

/** Header line, then one line per row; columns padded with spaces so they line up in monospace. */
export function tableLines(table: ReplyTable): string[] {
  const rows = [table.columns, ...table.rows].map((row) => row.map((value) => oneLine(value) || '-'));
  const widths = table.columns.map((_, column) => Math.max(...rows.map((row) => width(row[column] ?? ''))));
  return rows.map((row) =>
    row
      .map((value, column) => (column === row.length - 1 ? value : value + ' '.repeat(Math.max(0, widths[column] - width(value)))))
      .join('  ')
      .trimEnd(),
  );
}

/**
 * Packs blocks into messages of at most MESSAGE_LIMIT characters of HTML, splitting only between
 * blocks (every block closes its own tags) and between the lines of a long <pre>. Null when a
 * single line is longer than a message: that reply goes out as a file.
 */
export function packMessages(blocks: HtmlBlock[]): string[] | null {
  const pieces: string[] = [];
  for (const block of blocks) {
    if (block.kind === 'pre') pieces.push(...preChunks(block.lines));
    else if (block.html.length > MESSAGE_LIMIT) return null;
    else pieces.push(block.html);
  }
  if (pieces.some((piece) => piece.length > MESSAGE_LIMIT)) return null;
  const messages: string[] = [];
  let current: string | null = null;
  for (const piece of pieces) {
    if (current !== null && current.length + 1 + piece.length <= MESSAGE_LIMIT) current += `\n${piece}`;
    else {
      if (current !== null) messages.push(current);
      current = piece;
    }
  }
  if (current !== null) messages.push(current);
  // A message that is only white space would be refused as empty; blank lines at a split are dropped.
  return messages.map((message) => message.trim()).filter((message) => message !== '');
}

/** A <pre> block as one or more <pre> pieces, each within the limit. */
function preChunks(lines: string[]): string[] {
  const open = '<pre>';
  const close = '</pre>';
  const room = MESSAGE_LIMIT - open.length - close.length;
  const chunks: string[] = [];
  let current: string[] = [];
  let size = 0;
  for (const line of lines.map(escapeHtml)) {
    const added = (current.length > 0 ? 1 : 0) + line.length;
    if (current.length > 0 && size + added > room) {
      chunks.push(`${open}${current.join('\n')}${close}`);
      current = [];
      size = 0;
    }
    size += (current.length > 0 ? 1 : 0) + line.length;
    current.push(line);
  }
  if (current.length > 0 || chunks.length === 0) chunks.push(`${open}${current.join('\n')}${close}`);
  return chunks.filter((chunk) => chunk !== `${open}${close}`);
}

/** A reply that carries a file: its text as the caption when short enough, else as messages first. */
function withFile(messages: string[] | null, file: { name: string; content: string }): RenderedReply {
  const body = messages ?? [];
  if (body.length === 1 && body[0].length <= CAPTION_LIMIT) return { messages: [], document: { ...file, caption: body[0] } };
  return { messages: body.slice(0, MAX_MESSAGES_PER_REPLY), document: { ...file } };
}

/** Too long for a few messages: the whole reply as plain text in a file, its first line as the caption. */
function asFile(reply: Reply, blocks: HtmlBlock[]): RenderedReply {
  const first = blocks.find((block) => block.kind === 'line' && block.html.trim() !== '');
  const lead = first ? blockHtml(first) : '';
  const caption = lead !== '' && lead.length <= CAPTION_LIMIT - 60 ? `${lead}\n<i>(the full answer is in the file)</i>` : 'The answer is too long for a message, so here it is as a file.';
  return { messages: [], document: { name: 'doorman-reply.txt', content: plainText(reply), caption } };
}

/** The reply as plain text for a file: Markdown left as typed, fields as `label: value`, the table aligned. */
export function plainText(reply: Reply): string {
  const parts: string[] = [];
  if (reply.text.trim() !== '') parts.push(reply.text.trim());
  if (reply.fields?.length) parts.push(reply.fields.map((field) => `${oneLine(field.label)}: ${field.value}`).join('\n'));
  if (reply.table) parts.push(tableLines(reply.table).join('\n'));
  return `${parts.join('\n\n')}\n`;
}

function trimBlankEdges(blocks: HtmlBlock[]): HtmlBlock[] {
  const blank = (block: HtmlBlock | undefined) => block?.kind === 'line' && block.html.trim() === '';
  const kept = [...blocks];
  while (blank(kept[0])) kept.shift();
  while (blank(kept.at(-1))) kept.pop();
  return kept;
}

function oneLine(value: string): string {
  return value.replace(/[\t\r\n]+/g, ' ').trim();
}

function width(value: string): number {
  return [...value].length;
}
