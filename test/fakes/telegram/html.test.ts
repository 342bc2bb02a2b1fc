import { describe, expect, it } from 'vitest';
import { ApiError } from './errors.ts';
import { parseTelegramHtml } from './html.ts';
import { formatOutgoing, userEntities } from './text.ts';

function refusal(html: string): string {
  try {
    parseTelegramHtml(html);
  } catch (error) {
    if (error instanceof ApiError) return `${error.code} ${error.description}`;
    throw error;
  }
  throw new Error(`accepted: ${html}`);
}

describe("Telegram's HTML parse mode accepts what Telegram accepts", () => {
  it('turns every supported tag into its entity and shows the text without tags', () => {
    const parsed = parseTelegramHtml(
      '<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins><s>x</s><strike>k</strike><del>d</del>' +
        '<span class="tg-spoiler">p</span><tg-spoiler>q</tg-spoiler><a href="https://example.org/x">l</a>' +
        '<code>c</code><pre>r</pre><blockquote>o</blockquote><blockquote expandable>E</blockquote>' +
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>',
    );
    expect(parsed.text).toBe('bsieunxkdpqlcroE👍');
    expect(parsed.entities.map((entity) => entity.type)).toEqual([
      'bold', 'bold', 'italic', 'italic', 'underline', 'underline', 'strikethrough', 'strikethrough', 'strikethrough',
      'spoiler', 'spoiler', 'text_link', 'code', 'pre', 'blockquote', 'expandable_blockquote', 'custom_emoji',
    ]);
    expect(parsed.entities[11]).toEqual({ type: 'text_link', offset: 11, length: 1, url: 'https://example.org/x' });
  });

  it('merges <pre><code class="language-x"> into one pre entity with a language', () => {
    const parsed = parseTelegramHtml('<pre><code class="language-ts">let a = 1;</code></pre>');
    expect(parsed).toEqual({ text: 'let a = 1;', entities: [{ type: 'pre', offset: 0, length: 10, language: 'ts' }] });
  });

  it('counts offsets in UTF-16 code units, nests entities and decodes the four named references and numeric ones', () => {
    const parsed = parseTelegramHtml('😀 <b>a <i>&lt;b&gt; &amp; &quot;x&quot;</i></b> &#65;&#x42;');
    expect(parsed.text).toBe('😀 a <b> & "x" AB');
    expect(parsed.entities).toEqual([
      { type: 'bold', offset: 3, length: 11 },
      { type: 'italic', offset: 5, length: 9 },
    ]);
  });

  it('keeps a & that starts no known reference, as Telegram does', () => {
    expect(parseTelegramHtml('Tom & Jerry &nbsp;').text).toBe('Tom & Jerry &nbsp;');
  });

});

describe("Telegram's HTML parse mode refuses what Telegram refuses", () => {
  it('refuses <br>, <p> and self-closing tags with the Unsupported start tag wording and a byte offset', () => {
    expect(refusal('line<br>next')).toBe('400 Bad Request: can\'t parse entities: Unsupported start tag "br" at byte offset 4');
    expect(refusal('é<p>x</p>')).toBe('400 Bad Request: can\'t parse entities: Unsupported start tag "p" at byte offset 2');
    expect(refusal('a<br/>')).toContain('Unsupported start tag "br/"');
  });

  it('refuses an unescaped < the way Telegram does', () => {
    expect(refusal('1 < 2')).toBe('400 Bad Request: can\'t parse entities: Unsupported start tag "" at byte offset 2');
    expect(refusal('1<2')).toBe("400 Bad Request: can't parse entities: Unclosed start tag at byte offset 1");
  });

  it('refuses unclosed, unexpected and mismatched end tags', () => {
    expect(refusal('<b>bold')).toBe('400 Bad Request: can\'t parse entities: Can\'t find end tag corresponding to start tag "b"');
    expect(refusal('x</b>')).toBe("400 Bad Request: can't parse entities: Unexpected end tag at byte offset 1");
    expect(refusal('<b><i>x</b></i>')).toBe(
      '400 Bad Request: can\'t parse entities: Unmatched end tag at byte offset 7, expected "</i>", found "</b>"',
    );
  });

  it('refuses a span without the tg-spoiler class and attributes without a value', () => {
    expect(refusal('<span>x</span>')).toContain('Tag "span" must have class "tg-spoiler"');
    expect(refusal('<a href>x</a>')).toContain('Expected equal sign');
  });

  it('drops a link whose URL Telegram cannot use but keeps the text', () => {
    expect(parseTelegramHtml('<a href="javascript:alert(1)">x</a>')).toEqual({ text: 'x', entities: [] });
  });
});

describe('outgoing text and user entities', () => {
  it('trims leading and trailing white space and moves entities along', () => {
    expect(formatOutgoing('\n  <b>hi</b> there \n', 'HTML', undefined)).toEqual({
      text: 'hi there',
      entities: [{ type: 'bold', offset: 0, length: 2 }],
    });
  });

  it('sends text without parse_mode as it is, tags included', () => {
    expect(formatOutgoing('<b>x</b>', undefined, undefined).text).toBe('<b>x</b>');
  });

  it('refuses Markdown so a reply outside the HTML rule fails loudly', () => {
    expect(() => formatOutgoing('*x*', 'MarkdownV2', undefined)).toThrow(/implements parse_mode HTML only/);
  });

  it('marks /commands at the start or after white space, with an optional @botname', () => {
    expect(userEntities('/start@doorman_test_bot ABCD1234')).toEqual([{ type: 'bot_command', offset: 0, length: 23 }]);
    expect(userEntities('see /help and a/b')).toEqual([{ type: 'bot_command', offset: 4, length: 5 }]);
    expect(userEntities('plain words')).toEqual([]);
  });
});
