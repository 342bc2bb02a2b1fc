import type { Reply } from '../../commands/reply.ts';

/** Discord's limit for one message's content. */
export const MESSAGE_LIMIT = 2000;

/**
 * A neutral Reply as Discord message contents. Markdown passes through (Discord renders it); fields
 * become `**label:** value` lines, a table a code block. Mass mentions are defused in the text
 * (and every send also sets `allowed_mentions: {parse: []}`). Longer than 2000 characters → several messages.
 */
export function renderReply(reply: Reply): string[] {
  const parts = [reply.text.trim()];
  if (reply.fields?.length) parts.push(reply.fields.map((field) => `**${field.label}:** ${field.value}`).join('\n'));
  if (reply.table) parts.push(tableBlock(reply.table.columns, reply.table.rows));
  if (reply.file) parts.push(`\`${reply.file.name}\`\n\`\`\`\n${reply.file.content.replaceAll('```', "'''")}\n\`\`\``);
  const text = defuseMentions(parts.filter((part) => part.length > 0).join('\n\n')) || '…';
  return splitMessage(text);
}

/** `@everyone` and `@here` written by a person come back as plain text, never as a ping. */
export function defuseMentions(text: string): string {
  return text.replace(/@(everyone|here)/g, '@\u200b$1');
}

function tableBlock(columns: string[], rows: string[][]): string {
  const widths = columns.map((column, index) => Math.max(column.length, ...rows.map((row) => (row[index] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join('  ').trimEnd();
  return ['```', line(columns), ...rows.map(line), '```'].join('\n').replaceAll('````', "```'");
}

/** Splits at line breaks where possible; a code block cut in two is closed and reopened. */
export function splitMessage(text: string, limit = MESSAGE_LIMIT): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const room = limit - 8; // space to close and reopen a code block
    let cut = rest.lastIndexOf('\n', room);
    if (cut < room / 2) cut = room;
    let chunk = rest.slice(0, cut);
    rest = rest.slice(cut).replace(/^\n/, '');
    if ((chunk.match(/```/g)?.length ?? 0) % 2 === 1) {
      chunk += '\n```';
      rest = '```\n' + rest;
    }
    chunks.push(chunk);
  }
  chunks.push(rest);
  return chunks;
}
