import type { Reply, ReplyTable } from '../../commands/reply.ts';

/**
 * Terminal rendering of the neutral reply. Markdown stays readable as plain text, fields print as
 * `label: value` lines, tables as space-aligned columns (never tabs). On the local terminal the
 * caller is the only reader, so a secret reply is shown as it is.
 */
export function renderReply(reply: Reply): string {
  const blocks = [...bodyBlocks(reply)];
  if (reply.table) blocks.push(renderTable(reply.table).join('\n'));
  return blocks.filter((block) => block !== '').join('\n\n');
}

/**
 * Rendering for `doorman run`, where stdout is read by scripts. A list (a table and no fields)
 * puts exactly one line per row on stdout and the heading and column names on stderr, so
 * `doorman run invite list | cut -d' ' -f1` yields the codes and nothing else. Any other reply
 * prints whole on stdout.
 */
export function renderForScript(reply: Reply): { stdout: string; stderr: string } {
  if (!reply.table || (reply.fields?.length ?? 0) > 0) return { stdout: withNewline(renderReply(reply)), stderr: '' };
  const [header, ...rows] = renderTable(reply.table);
  const intro = bodyBlocks(reply).filter((block) => block !== '');
  const stderr = [...intro, ...(rows.length > 0 ? [header] : [])].join('\n');
  return { stdout: rows.map((row) => `${row}\n`).join(''), stderr: withNewline(stderr) };
}

function bodyBlocks(reply: Reply): string[] {
  const blocks = [plainMarkdown(reply.text)];
  if (reply.fields?.length) blocks.push(reply.fields.map((f) => `${oneLine(f.label)}: ${f.value}`).join('\n'));
  if (reply.progress) blocks.push(`progress: ${reply.progress.done}/${reply.progress.total}`);
  if (reply.confirm) blocks.push(`${plainMarkdown(reply.confirm.prompt)}\nRun it again with --yes to confirm.`);
  if (reply.file) blocks.push(`--- ${reply.file.name} ---\n${reply.file.content.replace(/\n$/, '')}\n--- end of ${reply.file.name} ---`);
  return blocks;
}

/** Header line first, then one line per row; columns padded with spaces, trailing spaces trimmed. */
export function renderTable(table: ReplyTable): string[] {
  const lines = [table.columns, ...table.rows].map((row) => row.map((value) => oneLine(value) || '-'));
  const widths = table.columns.map((_, column) => Math.max(...lines.map((row) => width(row[column] ?? ''))));
  return lines.map((row) =>
    row
      .map((value, column) => (column === row.length - 1 ? value : value + ' '.repeat(widths[column] - width(value))))
      .join('  ')
      .trimEnd(),
  );
}

/** Markdown to readable plain text: emphasis and code marks dropped, links spelled out. */
export function plainMarkdown(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^\s*```/.test(line))
    .map((line) =>
      line
        .replace(/^#{1,6}\s+/, '')
        .replace(/\*\*(.+?)\*\*/g, '$1')
        .replace(/`([^`]+)`/g, '$1')
        .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_, label: string, url: string) => (label === url ? url : `${label} (${url})`))
        .replace(/\\([\\`*_[\]()#+\-.!>~|])/g, '$1'),
    )
    .join('\n')
    .trim();
}

function oneLine(value: string): string {
  return value.replace(/[\t\r\n]+/g, ' ').trim();
}

function width(value: string): number {
  return [...value].length;
}

function withNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}
