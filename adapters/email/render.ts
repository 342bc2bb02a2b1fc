import MarkdownIt, { type MarkdownIt as Markdown } from 'markdown-it';
import { markdownText } from '../../src/chat/plain-text.ts';

export { markdownText };

/**
 * A message's Markdown as the two parts of an email: HTML (markdown-it with raw HTML off, so
 * nothing in a template or a value becomes markup it did not write as Markdown) and plain text.
 */

/** One configured renderer: no raw HTML, no autolinks or linkify (a value's `<https://…>` stays text). */
export function emailMarkdown(): Markdown {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: true });
  md.disable(['autolink']);
  return md;
}

export interface EmailParts {
  html: string;
  text: string;
}

export function renderEmail(md: Markdown, input: { subject: string; markdown: string; lang?: string }): EmailParts {
  const body = md.render(input.markdown);
  const lang = input.lang ? ` lang="${md.utils.escapeHtml(input.lang)}"` : '';
  const html = [
    `<!doctype html>`,
    `<html${lang}><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${md.utils.escapeHtml(input.subject)}</title></head>`,
    `<body style="margin:0;padding:24px;background:#f6f6f6">`,
    `<div style="max-width:560px;margin:0 auto;padding:24px;background:#ffffff;border-radius:8px;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:#222222">`,
    body.trim(),
    `</div></body></html>`,
  ].join('\n');
  return { html, text: markdownText(md, input.markdown) };
}
