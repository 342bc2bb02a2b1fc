import MarkdownIt from 'markdown-it';
import type { Reply, ReplyTable } from '../../commands/reply.ts';
import { markdownText } from '../../src/chat/plain-text.ts';

/** The content of one `m.room.message` the bot sends: always a notice, so other bots do not answer it. */
export interface MatrixNotice {
  msgtype: 'm.notice';
  /** Plain text: what clients without HTML show, and notifications. */
  body: string;
  format?: 'org.matrix.custom.html';
  formatted_body?: string;
}

/** Keeps one event well under the homeserver's 64 KiB limit (body and formatted_body both count). */
export const MAX_TEXT_LENGTH = 24_000;

/**
 * Reply.text is Markdown. Raw HTML in it is escaped (html: false), so user-supplied text arrives as
 * text; newlines stay line breaks; only http(s) and mailto links become links.
 */
const markdown = new MarkdownIt({ html: false, linkify: false, breaks: true, typographer: false });
const defaultValidateLink = markdown.validateLink.bind(markdown);
markdown.validateLink = (url: string) => /^(https?:|mailto:)/i.test(url.trim()) && defaultValidateLink(url);

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]);
}

/**
 * The neutral Reply as a Matrix notice: `body` in plain text (the Markdown read as text, fields as
 * `label: value`, the table aligned) and `formatted_body` in Matrix HTML (org.matrix.custom.html).
 * Field labels and values, table cells and file content are never Markdown and always escaped.
 */
export function renderNotice(reply: Reply): MatrixNotice {
  const text = chatText(reply);
  const plain: string[] = [];
  const html: string[] = [];
  if (text !== '') {
    plain.push(markdownText(markdown, text).trim());
    html.push(markdown.render(text).trim());
  }
  if (reply.confirm && reply.confirm.prompt.trim() !== '') {
    plain.push(markdownText(markdown, reply.confirm.prompt).trim());
    html.push(markdown.render(reply.confirm.prompt).trim());
  }
  if (reply.fields?.length) {
    plain.push(reply.fields.map((field) => `${oneLine(field.label)}: ${field.value}`).join('\n'));
    html.push(reply.fields.map((field) => `<b>${escapeHtml(oneLine(field.label))}</b>: ${escapeHtml(field.value).replace(/\n/g, '<br>')}`).join('<br>\n'));
  }
  if (reply.progress) {
    const line = `${reply.progress.done} of ${reply.progress.total} done`;
    plain.push(line);
    html.push(`<p>${line}</p>`);
  }
  if (reply.table) {
    const lines = tableLines(reply.table).join('\n');
    plain.push(lines);
    html.push(`<pre><code>${escapeHtml(lines)}</code></pre>`);
  }
  if (reply.file) {
    plain.push(`${reply.file.name}:\n${reply.file.content}`);
    html.push(`<p><b>${escapeHtml(reply.file.name)}</b></p>\n<pre><code>${escapeHtml(reply.file.content)}</code></pre>`);
  }
  return notice(plain.join('\n\n'), html.join('\n'));
}

/** A plain notice (no formatting): for texts Doorman wrote itself without Markdown. */
export function plainNotice(text: string): MatrixNotice {
  return { msgtype: 'm.notice', body: text };
}

function notice(body: string, formatted: string): MatrixNotice {
  if (body.length > MAX_TEXT_LENGTH || formatted.length > MAX_TEXT_LENGTH) {
    const cut = body.slice(0, MAX_TEXT_LENGTH);
    return plainNotice(`${cut}\n… (the answer is too long for one message; ask for less, e.g. with a filter)`);
  }
  // A formatted body that says no more than the plain one is left out, as Matrix clients do.
  if (formatted === '' || formatted === `<p>${escapeHtml(body)}</p>`) return plainNotice(body);
  return { msgtype: 'm.notice', body, format: 'org.matrix.custom.html', formatted_body: formatted };
}

/**
 * The reply's text for chat: a refusal asking for confirmation names Matrix's way (`confirm:true`)
 * instead of the command line's `--yes`.
 */
function chatText(reply: Reply): string {
  const error = (reply.data as { error?: { code?: unknown } } | undefined)?.error;
  const text = reply.text.trim();
  return error?.code === 'confirmation_required' ? text.replace(/--yes/g, 'confirm:true') : text;
}

/** Header line, then one line per row; columns padded so they line up in monospace. */
export function tableLines(table: ReplyTable): string[] {
  const rows = [table.columns, ...table.rows].map((row) => row.map((value) => oneLine(value) || '-'));
  const widths = table.columns.map((_, column) => Math.max(...rows.map((row) => [...(row[column] ?? '')].length)));
  return rows.map((row) =>
    row
      .map((value, column) => (column === row.length - 1 ? value : value + ' '.repeat(Math.max(0, widths[column] - [...value].length))))
      .join('  ')
      .trimEnd(),
  );
}

function oneLine(value: string): string {
  return value.replace(/[\t\r\n]+/g, ' ').trim();
}
