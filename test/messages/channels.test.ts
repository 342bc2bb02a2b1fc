import { describe, expect, it } from 'vitest';
import { emailMarkdown, renderEmail } from '../../adapters/email/index.ts';
import { renderReply } from '../../adapters/telegram/render.ts';
import { MessageCatalogue } from '../../src/messages/catalogue.ts';
import { MESSAGE_IDS, MESSAGE_VARIABLES, SAMPLE_VARIABLES, type MessageId, type VariableValue } from '../../src/messages/ids.ts';
import { parseTelegramHtml } from '../fakes/telegram/html.ts';

/**
 * Every template, in every shipped language, through each channel's renderer: Telegram's HTML
 * (parsed the way the Bot API parses it) and the email HTML + text parts. Markdown must turn into
 * formatting, never show up as stray marks, and a person's awkward words must arrive exactly as typed.
 */

const messages = new MessageCatalogue({ defaultLanguage: 'en', timezone: 'Europe/Berlin' });
const NASTY = 'a_b*c <b>&"x" [y](https://evil.example) `z`';

/** The samples, with every text variable replaced by words full of Markdown and HTML specials. */
function nastyValues(id: MessageId): Record<string, VariableValue> {
  const values: Record<string, VariableValue> = { ...SAMPLE_VARIABLES[id] };
  for (const [name, kind] of Object.entries(MESSAGE_VARIABLES[id])) if (kind === 'text') values[name] = NASTY;
  return values;
}

function sampleUrls(id: MessageId): string[] {
  return Object.entries(MESSAGE_VARIABLES[id])
    .filter(([, kind]) => kind === 'url')
    .map(([name]) => String((SAMPLE_VARIABLES[id] as Record<string, VariableValue>)[name]));
}

describe('each message on Telegram', () => {
  for (const lang of messages.languages()) {
    it(`${lang}: every message renders to HTML Telegram accepts, with links as links and no Markdown marks left`, () => {
      for (const id of MESSAGE_IDS) {
        const { markdown } = messages.render(id, lang, SAMPLE_VARIABLES[id]);
        const rendered = renderReply({ text: markdown });
        expect(rendered.document).toBeUndefined();
        const parsed = rendered.messages.map((html) => parseTelegramHtml(html));
        const text = parsed.map((message) => message.text).join('\n');
        expect({ id, text }).not.toMatchObject({ text: expect.stringMatching(/\*\*|\]\(|\\[_*[\]`]|\{\{/) });
        const links = parsed.flatMap((message) => message.entities.filter((entity) => entity.type === 'text_link').map((entity) => (entity as { url: string }).url));
        const urls = sampleUrls(id).filter((url) => markdown.includes(url)).map((url) => new URL(url).href);
        expect({ id, links }).toEqual({ id, links: urls });
        expect({ id, formatted: parsed.some((message) => message.entities.length > 0) }).toEqual({ id, formatted: true });
      }
    });

    it(`${lang}: a person's words full of specials arrive exactly as typed, and make no link`, () => {
      for (const id of MESSAGE_IDS) {
        const values = nastyValues(id);
        if (!Object.values(MESSAGE_VARIABLES[id]).includes('text')) continue;
        const { markdown } = messages.render(id, lang, values);
        const parsed = renderReply({ text: markdown }).messages.map((html) => parseTelegramHtml(html));
        const text = parsed.map((message) => message.text).join('\n');
        expect({ id, has: text.includes(NASTY) }).toEqual({ id, has: true });
        const links = parsed.flatMap((message) => message.entities.filter((entity) => entity.type === 'text_link'));
        expect(links.map((entity) => (entity as { url: string }).url)).not.toContain('https://evil.example');
      }
    });
  }
});

describe('each message by email', () => {
  const md = emailMarkdown();
  for (const lang of messages.languages()) {
    it(`${lang}: HTML with formatting and links, plain text without Markdown marks, a person's words as typed`, () => {
      for (const id of MESSAGE_IDS) {
        const message = messages.render(id, lang, nastyValues(id));
        const parts = renderEmail(md, { subject: message.subject, markdown: message.markdown, lang });
        const typed = 'a_b*c &lt;b&gt;&amp;&quot;x&quot; [y](https://evil.example) `z`';
        const html = parts.html.split(typed).join('');
        expect({ id, html }).not.toMatchObject({ html: expect.stringMatching(/\*\*|\]\(|<b>|href="https:\/\/evil|\\/) });
        for (const url of sampleUrls(id)) expect(parts.html).toContain(`href="${url}"`);
        expect({ id, text: parts.text.split(NASTY).join('') }).not.toMatchObject({ text: expect.stringMatching(/\*\*|\]\(|\\|\{\{/) });
        if (Object.values(MESSAGE_VARIABLES[id]).includes('text')) {
          expect({ id, has: parts.text.includes(NASTY) }).toEqual({ id, has: true });
          expect(parts.html).toContain(typed);
        }
      }
    });
  }
});
