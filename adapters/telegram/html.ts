/**
 * Telegram HTML (parse_mode "HTML"): the tags Telegram accepts (b, i, u, s, code, pre, a, blockquote)
 * and the four references it decodes. Everything that is not markup Doorman produced is escaped, so
 * a user's `<b>&` reaches the chat as those characters, never as formatting or a parse error.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => HTML_ESCAPES[char]);
}

/** Only links a chat client opens safely; anything else stays text. */
const LINK_SCHEMES = /^(https?:\/\/|tg:\/\/|mailto:)/i;

/**
 * One inline Markdown construct per alternative, tried left to right:
 * 1 backslash escape, 2 `code`, 3–4 [text](url), 5 **bold**, 6 *italic*, 7 _italic_, 8 ~~strike~~.
 * Emphasis marks must sit at word edges (`snake_case_name`, `@doorman_test_bot`, `name=al*` stay text).
 */
const INLINE =
  /\\([\\`*_[\]()#+\-.!>~|])|`([^`\n]+)`|\[([^\]\n]+)\]\(([^()\s]+)\)|\*\*(?=\S)(.+?)(?<=\S)\*\*|(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])|(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])|~~(?=\S)(.+?)(?<=\S)~~/g;

/** Inline Markdown of one line to Telegram HTML; text between constructs is escaped. */
export function inlineMarkdown(line: string): string {
  let out = '';
  let last = 0;
  for (const match of line.matchAll(INLINE)) {
    const at = match.index ?? 0;
    out += escapeHtml(line.slice(last, at));
    out += inlineConstruct(match);
    last = at + match[0].length;
  }
  return out + escapeHtml(line.slice(last));
}

function inlineConstruct(match: RegExpMatchArray): string {
  const [whole, escaped, code, linkText, url, bold, starItalic, underItalic, strike] = match;
  if (escaped !== undefined) return escapeHtml(escaped);
  if (code !== undefined) return `<code>${escapeHtml(code)}</code>`;
  if (linkText !== undefined && url !== undefined) {
    if (!LINK_SCHEMES.test(url)) return escapeHtml(whole);
    return `<a href="${escapeHtml(url)}">${escapeHtml(linkText)}</a>`;
  }
  if (bold !== undefined) return `<b>${inlineMarkdown(bold)}</b>`;
  if (starItalic !== undefined) return `<i>${inlineMarkdown(starItalic)}</i>`;
  if (underItalic !== undefined) return `<i>${inlineMarkdown(underItalic)}</i>`;
  if (strike !== undefined) return `<s>${inlineMarkdown(strike)}</s>`;
  return escapeHtml(whole);
}

/**
 * A block of rendered HTML that is complete on its own (every tag it opens, it closes), so messages
 * may be split between blocks. `pre` blocks keep their raw lines so a long one can be split further.
 */
export type HtmlBlock = { kind: 'line'; html: string } | { kind: 'pre'; lines: string[] };

/**
 * The small Markdown subset replies use, to Telegram HTML blocks: ``` fences → <pre>, `# heading` →
 * bold, `> quote` → <blockquote>, `- item` → `• item`, inline constructs per line (inlineMarkdown).
 */
export function markdownBlocks(markdown: string): HtmlBlock[] {
  const blocks: HtmlBlock[] = [];
  let fence: string[] | null = null;
  for (const line of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    if (/^\s*```/.test(line)) {
      if (fence) blocks.push({ kind: 'pre', lines: fence });
      fence = fence ? null : [];
      continue;
    }
    if (fence) fence.push(line);
    else blocks.push({ kind: 'line', html: markdownLine(line) });
  }
  if (fence) blocks.push({ kind: 'pre', lines: fence });
  return blocks;
}

function markdownLine(line: string): string {
  const heading = /^#{1,6}\s+(.*)$/.exec(line);
  if (heading) return `<b>${inlineMarkdown(heading[1])}</b>`;
  const quote = /^>\s?(.*)$/.exec(line);
  if (quote) return `<blockquote>${inlineMarkdown(quote[1])}</blockquote>`;
  const item = /^(\s*)[-*]\s+(.*)$/.exec(line);
  if (item) return `${item[1]}• ${inlineMarkdown(item[2])}`;
  return inlineMarkdown(line);
}

/** The HTML of a block; a `pre` block escapes its lines (they are never Markdown). */
export function blockHtml(block: HtmlBlock): string {
  return block.kind === 'line' ? block.html : `<pre>${escapeHtml(block.lines.join('\n'))}</pre>`;
}
