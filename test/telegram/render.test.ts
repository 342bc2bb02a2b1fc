import { describe, expect, it } from 'vitest';
import type { Reply } from '../../commands/reply.ts';
import { escapeHtml, inlineMarkdown } from '../../adapters/telegram/html.ts';
import { MAX_MESSAGES_PER_REPLY, MESSAGE_LIMIT, renderReply } from '../../adapters/telegram/render.ts';
import { confirmationQuestion, confirmedCommand, parseButton, TelegramConfirmations, CONFIRM_TTL_MS } from '../../adapters/telegram/confirmations.ts';
import { addressedToBot } from '../../adapters/telegram/conversation.ts';
import { secretMatches, webhookPath, webhookSecret } from '../../adapters/telegram/webhook.ts';
import { parseTelegramHtml } from '../fakes/telegram/html.ts';

/** Every message must be accepted by Telegram's HTML parser (the stand-in's copy of its rules). */
function shown(reply: Reply): string[] {
  return renderReply(reply).messages.map((html) => parseTelegramHtml(html).text);
}

describe('Telegram HTML: escaping and the Markdown subset', () => {
  it('escapes the four characters Telegram decodes', () => {
    expect(escapeHtml(`<b>& "x" > y`)).toBe('&lt;b&gt;&amp; &quot;x&quot; &gt; y');
  });

  it('converts bold, italic, code, fences and links, and escapes everything else', () => {
    expect(inlineMarkdown('**Bold** and *it* and _it_ and `a<b>` and ~~gone~~')).toBe(
      '<b>Bold</b> and <i>it</i> and <i>it</i> and <code>a&lt;b&gt;</code> and <s>gone</s>',
    );
    expect(inlineMarkdown('[the page](https://example.org/a?b=1&c="2")')).toBe('<a href="https://example.org/a?b=1&amp;c=&quot;2&quot;">the page</a>');
    expect(inlineMarkdown('[click](javascript:alert(1))')).toBe('[click](javascript:alert(1))');
    const [html] = renderReply({ text: 'Before\n```\nif (a < b && c) {}\n```\nafter' }).messages;
    expect(html).toBe('Before\n<pre>if (a &lt; b &amp;&amp; c) {}</pre>\nafter');
  });

  it('leaves underscores and stars inside words alone (handles, codes, selectors)', () => {
    const text = 'send /start to @doorman_test_bot, code ab_cd_ef, name=al* and 2*3*4 and http://x.test/invite/_Ab_9';
    expect(inlineMarkdown(text)).toBe(escapeHtml(text));
    expect(inlineMarkdown('a \\*literal\\* star')).toBe('a *literal* star');
  });

  it('renders user-supplied strings in text, fields and tables as text, never markup', () => {
    const reply: Reply = {
      text: 'Invite for <b>&</b> "friends"',
      fields: [{ label: 'label<i>', value: '<b>& co</b>' }],
      table: { columns: ['code', 'label'], rows: [['abc', '<script>&']] },
    };
    const [html] = renderReply(reply).messages;
    expect(html).not.toMatch(/<(?!\/?(b|i|pre)>)/);
    expect(shown(reply)[0]).toBe('Invite for <b>&</b> "friends"\n\nlabel<i>: <b>& co</b>\n\ncode  label\nabc   <script>&');
    expect(parseTelegramHtml(html).entities.map((entity) => entity.type)).toEqual(['bold', 'pre']);
  });

  it('aligns a table in a monospace <pre> block', () => {
    const [html] = renderReply({ text: 'Users', table: { columns: ['name', 'expires'], rows: [['al', 'never'], ['bartholomew', '']] } }).messages;
    expect(html).toBe('Users\n\n<pre>name         expires\nal           never\nbartholomew  -</pre>');
  });

  it('uses only tags Telegram accepts (no <br> or <p>) and keeps every message parseable', () => {
    const reply: Reply = { text: '# Title\n> quoted <x>\n- item one\n\nplain', fields: [{ label: 'a', value: 'line1\nline2' }] };
    const { messages } = renderReply(reply);
    expect(messages.join('')).not.toMatch(/<br|<p>|<h\d|<ul|<li/);
    expect(shown(reply)[0]).toBe('Title\nquoted <x>\n• item one\n\nplain\n\na: line1\nline2');
  });
});

describe('Telegram HTML: length', () => {
  it('splits a long reply on line boundaries into messages of at most 4,096 characters', () => {
    const rows = Array.from({ length: 150 }, (_, i) => [`user-${i}`, 'x'.repeat(30)]);
    const { messages, document } = renderReply({ text: '**Users**', table: { columns: ['name', 'note'], rows } });
    expect(document).toBeUndefined();
    expect(messages.length).toBeGreaterThan(1);
    expect(messages.length).toBeLessThanOrEqual(MAX_MESSAGES_PER_REPLY);
    for (const html of messages) {
      expect(html.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
      expect(() => parseTelegramHtml(html)).not.toThrow();
    }
    const lines = messages.map((html) => parseTelegramHtml(html).text).join('\n').split('\n');
    expect(lines.filter((line) => line.startsWith('user-'))).toHaveLength(150);
  });

  it('sends a very long reply as a file, with the heading as caption', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => [`user-${i}`, '<&>'.repeat(10)]);
    const { messages, document } = renderReply({ text: 'All **users**', table: { columns: ['name', 'note'], rows } });
    expect(messages).toEqual([]);
    expect(document?.name).toBe('doorman-reply.txt');
    expect(document?.content.split('\n').filter((line) => line.startsWith('user-'))).toHaveLength(1000);
    expect(document?.content).toContain('<&><&>');
    expect(parseTelegramHtml(document!.caption!).text).toBe('All users\n(the full answer is in the file)');
  });

  it('sends reply.file as a document, its short text as the caption', () => {
    const rendered = renderReply({ text: 'Export of <all>', file: { name: 'users.csv', content: 'name\nal\n' } });
    expect(rendered).toEqual({ messages: [], document: { name: 'users.csv', content: 'name\nal\n', caption: 'Export of &lt;all&gt;' } });
  });

  it('renders nothing for an empty reply (a command meant for another bot)', () => {
    expect(renderReply({ text: '' })).toEqual({ messages: [] });
  });
});

describe('confirmations, addressing and the webhook secret', () => {
  it('keeps button data short and expires a pending confirmation after 10 minutes', () => {
    let now = 1_000_000;
    const pending = new TelegramConfirmations(() => now);
    const id = pending.add({ userId: 1, chatId: 1, text: '/invite revoke abc' });
    expect(Buffer.byteLength(`c:${id}`)).toBeLessThanOrEqual(64);
    expect(parseButton(`c:${id}`)).toEqual({ action: 'confirm', id });
    expect(parseButton(`x:${id}`)).toEqual({ action: 'cancel', id });
    expect(parseButton('confirm:/invite revoke')).toBeNull();
    now += CONFIRM_TTL_MS - 1;
    expect(pending.find(id)?.text).toBe('/invite revoke abc');
    now += 1;
    expect(pending.find(id)).toBeUndefined();
  });

  it('drops the CLI hint from the question and confirms with confirm:true', () => {
    const question = confirmationQuestion({ text: 'This revokes invite abc: its link stops working. Run it again with --yes to confirm.' });
    expect(question.text).toBe('This revokes invite abc: its link stops working.\n\nPress Confirm to go ahead.');
    expect(confirmedCommand(' /invite revoke abc ')).toBe('/invite revoke abc confirm:true');
  });

  it('in groups, only /commands without @ or with this bot’s @name are addressed to it', () => {
    const message = (text: string, length?: number) => ({ text, entities: length ? [{ type: 'bot_command' as const, offset: 0, length }] : [] });
    expect(addressedToBot(message('/help', 5), 'doorman_test_bot')).toBe(true);
    expect(addressedToBot(message('/help@Doorman_Test_Bot x', 22), 'doorman_test_bot')).toBe(true);
    expect(addressedToBot(message('/help@other_bot', 15), 'doorman_test_bot')).toBe(false);
    expect(addressedToBot(message('hello /help'), 'doorman_test_bot')).toBe(false);
  });

  it('derives a stable webhook secret from the token unless one is configured, and compares safely', () => {
    const derived = webhookSecret({ token: '1:abc' });
    expect(derived).toMatch(/^[0-9a-f]{32}$/);
    expect(webhookSecret({ token: '1:abc' })).toBe(derived);
    expect(derived).not.toContain('abc');
    expect(webhookSecret({ token: '1:abc', webhook_secret: 'mine' })).toBe('mine');
    expect(secretMatches(derived, derived)).toBe(true);
    expect(secretMatches(derived, derived.slice(1))).toBe(false);
    expect(secretMatches(derived, undefined)).toBe(false);
    expect(secretMatches(derived, [derived])).toBe(false);
    expect(webhookPath('https://doorman.example.org/hooks/telegram')).toBe('/hooks/telegram');
  });
});
