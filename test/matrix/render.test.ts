import { describe, expect, it } from 'vitest';
import { renderNotice } from '../../adapters/matrix/render.ts';
import { commandText } from '../../adapters/matrix/conversation.ts';
import { rateLimitWaitMs, withRateLimitRetry } from '../../adapters/matrix/retry.ts';

describe('renderNotice', () => {
  it('sends plain text alone when there is nothing to format', () => {
    expect(renderNotice({ text: 'Hello Alice' })).toEqual({ msgtype: 'm.notice', body: 'Hello Alice' });
  });

  it('turns the Markdown of Reply.text into Matrix HTML, and into plain text for the body', () => {
    const notice = renderNotice({ text: '**Invite** for `alice`: [open](https://doorman.test/invite/abc)\n- one\n- two' });
    expect(notice.body).toBe('Invite for alice: open (https://doorman.test/invite/abc)\n\n- one\n- two');
    expect(notice.format).toBe('org.matrix.custom.html');
    expect(notice.formatted_body).toContain('<strong>Invite</strong>');
    expect(notice.formatted_body).toContain('<code>alice</code>');
    expect(notice.formatted_body).toContain('<a href="https://doorman.test/invite/abc">open</a>');
    expect(notice.formatted_body).toContain('<li>one</li>');
  });

  it('escapes HTML people typed, in text, fields and tables; links only http(s) and mailto', () => {
    const notice = renderNotice({
      text: 'Name: **<img src=x onerror=alert(1)>** [x](javascript:alert(1))',
      fields: [{ label: 'user <b>', value: '<script>&' }],
      table: { columns: ['name'], rows: [['<i>bob</i>']] },
    });
    expect(notice.formatted_body).not.toMatch(/<img|<script|<i>bob|href="javascript/);
    expect(notice.formatted_body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(notice.formatted_body).toContain('<b>user &lt;b&gt;</b>: &lt;script&gt;&amp;');
    expect(notice.formatted_body).toContain('<pre><code>name');
    expect(notice.body).toContain('user <b>: <script>&');
    expect(notice.body).toContain('<i>bob</i>');
  });

  it('keeps names with underscores as typed', () => {
    const notice = renderNotice({ text: 'Send it to @doorman_test_bot or *me*' });
    expect(notice.formatted_body).toContain('@doorman_test_bot');
    expect(notice.formatted_body).toContain('<em>me</em>');
  });

  it('asks for confirm:true instead of the command line --yes', () => {
    const notice = renderNotice({ text: 'This deletes 3 users. Run it again with --yes to confirm.', data: { error: { code: 'confirmation_required' } } });
    expect(notice.body).toContain('confirm:true');
    expect(notice.body).not.toContain('--yes');
  });

  it('cuts an answer too long for one event', () => {
    const notice = renderNotice({ text: 'x'.repeat(100_000) });
    expect(notice.body.length).toBeLessThan(30_000);
    expect(notice.formatted_body).toBeUndefined();
  });
});

describe('commandText', () => {
  const message = (content: Record<string, unknown>) => ({ type: 'm.room.message', sender: '@a:x', content });

  it('reads m.text only: notices (other bots), emotes and edits are not commands', () => {
    expect(commandText(message({ msgtype: 'm.text', body: '!help' }))).toBe('!help');
    expect(commandText(message({ msgtype: 'm.notice', body: '!help' }))).toBeNull();
    expect(commandText(message({ msgtype: 'm.emote', body: '!help' }))).toBeNull();
    expect(commandText(message({ msgtype: 'm.text', body: '* !help', 'm.relates_to': { rel_type: 'm.replace', event_id: '$1' } }))).toBeNull();
  });

  it('drops the quoted fallback of a reply', () => {
    const body = '> <@b:x> earlier words\n> more\n\n!me';
    expect(commandText(message({ msgtype: 'm.text', body, 'm.relates_to': { 'm.in_reply_to': { event_id: '$1' } } }))).toBe('!me');
  });
});

describe('withRateLimitRetry', () => {
  const limited = (ms?: number) => Object.assign(new Error('M_LIMIT_EXCEEDED'), { statusCode: 429, errcode: 'M_LIMIT_EXCEEDED', retryAfterMs: ms });

  it('reads retry_after_ms, with a default when it is missing', () => {
    expect(rateLimitWaitMs(limited(250))).toBe(250);
    expect(rateLimitWaitMs(limited())).toBe(1000);
    expect(rateLimitWaitMs(new Error('ECONNREFUSED'))).toBeNull();
  });

  it('gives up after five attempts and passes other failures on at once', async () => {
    let calls = 0;
    await expect(withRateLimitRetry(async () => { calls++; throw limited(1); })).rejects.toMatchObject({ statusCode: 429 });
    expect(calls).toBe(5);
    calls = 0;
    await expect(withRateLimitRetry(async () => { calls++; throw Object.assign(new Error('no'), { statusCode: 403 }); })).rejects.toThrow('no');
    expect(calls).toBe(1);
  });
});
