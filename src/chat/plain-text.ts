import type { MarkdownIt as Markdown, Token } from 'markdown-it';

/**
 * Markdown as plain text for readers without formatting: an email's text part, a Matrix notice's
 * `body`. Marks are dropped, links read `label (url)`, lists and quotes keep their markers, and a
 * backslash escape shows the character it escaped (a person's `a_b*c` arrives as typed).
 */

/** Plain text that reads like the Markdown looked intended: links as `label (url)`, lists with markers. */
export function markdownText(md: Markdown, markdown: string): string {
  const writer = new TextWriter();
  for (const token of md.parse(markdown, {})) writer.take(token);
  return writer.result();
}

class TextWriter {
  private readonly lines: string[] = [];
  private readonly lists: { ordered: boolean; next: number }[] = [];
  private quoteDepth = 0;
  private itemMarker: string | null = null;

  take(token: Token): void {
    switch (token.type) {
      case 'inline':
        return this.write(inlineText(token.children ?? []));
      case 'paragraph_close':
        if (!token.hidden) this.lines.push('');
        return;
      case 'heading_close':
        return void this.lines.push('');
      case 'bullet_list_open':
      case 'ordered_list_open':
        return void this.lists.push({ ordered: token.type === 'ordered_list_open', next: Number(token.attrGet('start') ?? '1') });
      case 'bullet_list_close':
      case 'ordered_list_close':
        this.lists.pop();
        if (this.lists.length === 0) this.lines.push('');
        return;
      case 'list_item_open':
        return this.openItem();
      case 'blockquote_open':
        return void this.quoteDepth++;
      case 'blockquote_close':
        return void this.quoteDepth--;
      case 'hr':
        return void this.lines.push('----------', '');
      case 'fence':
      case 'code_block':
        this.write(token.content.replace(/\n$/, ''));
        return void this.lines.push('');
      default:
        return;
    }
  }

  result(): string {
    return `${this.lines.join('\n').replace(/\n{3,}/g, '\n\n').trim()}\n`;
  }

  private openItem(): void {
    const list = this.lists.at(-1);
    if (!list) return;
    this.itemMarker = list.ordered ? `${list.next++}. ` : '- ';
  }

  private write(text: string): void {
    const quote = '> '.repeat(this.quoteDepth);
    const indent = '  '.repeat(Math.max(0, this.lists.length - 1));
    text.split('\n').forEach((line, index) => {
      const marker = index === 0 && this.itemMarker ? this.itemMarker : this.lists.length > 0 ? '  ' : '';
      this.lines.push(`${quote}${indent}${marker}${line}`.trimEnd());
    });
    this.itemMarker = null;
  }
}

function inlineText(children: Token[]): string {
  let out = '';
  const links: { href: string; start: number }[] = [];
  for (const child of children) {
    if (child.type === 'text' || child.type === 'code_inline') out += child.content;
    else if (child.type === 'softbreak' || child.type === 'hardbreak') out += '\n';
    else if (child.type === 'image') out += child.content;
    else if (child.type === 'link_open') links.push({ href: String(child.attrGet('href') ?? ''), start: out.length });
    else if (child.type === 'link_close') {
      const link = links.pop();
      if (link && link.href !== '' && out.slice(link.start).trim() !== link.href) out += ` (${link.href})`;
    }
  }
  return out;
}
