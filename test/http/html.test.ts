import { describe, expect, it } from 'vitest';
import { attr, escapeHtml, html, idList, trusted } from '../../src/http/html.ts';
import { loggablePath } from '../../src/http/request-log.ts';
import { requestIds } from '../../src/http/server.ts';
import { describeDuration, describePasswordRules } from '../../src/http/wording.ts';

describe('the escaping template helper', () => {
  it('escapes every interpolated string, including attribute breakers', () => {
    const hostile = `"><script>alert('x')</script>&`;
    expect(html`<input value="${hostile}">`.value).toBe(
      '<input value="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;">',
    );
    expect(escapeHtml('a & b')).toBe('a &amp; b');
  });

  it('nests Html values without escaping them twice, joins arrays and drops false/null', () => {
    const items = ['<a>', 'b'].map((text) => html`<li>${text}</li>`);
    expect(html`<ul>${items}</ul>${false}${null}${undefined}`.value).toBe('<ul><li>&lt;a&gt;</li><li>b</li></ul>');
    expect(html`${trusted('<b>ok</b>')}`.value).toBe('<b>ok</b>');
  });

  it('leaves out absent attributes and ids', () => {
    expect(attr('hidden', false).value).toBe('');
    expect(attr('hidden', true).value).toBe(' hidden');
    expect(attr('minlength', 8).value).toBe(' minlength="8"');
    expect(idList('a', null, false, 'b')).toBe('a b');
    expect(idList(null)).toBeNull();
  });
});

describe('wording', () => {
  it('spells out only the password rules that are on', () => {
    expect(describePasswordRules({ min_length: 12, upper: 1, lower: 0, digits: 2, special: 0 })).toEqual([
      'at least 12 characters',
      'at least 1 capital letter',
      'at least 2 digits (0–9)',
    ]);
  });

  it('reads durations as words', () => {
    expect(describeDuration('30d')).toBe('30 days');
    expect(describeDuration('1mo15d')).toBe('1 month and 15 days');
    expect(describeDuration('1y')).toBe('1 year');
  });
});

describe('request ids and logged paths', () => {
  it('hands out distinct 12-hex-digit ids, also past the pool refill', () => {
    const next = requestIds();
    const ids = Array.from({ length: 2000 }, next);
    expect(new Set(ids).size).toBe(2000);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{12}$/);
  });

  it('shortens invite codes and drops query strings', () => {
    expect(loggablePath('/invite/AbCdEfGhIjKl?x=1')).toBe('/invite/AbCd…');
    expect(loggablePath('/api/v1/invites/AbCdEfGh/signup')).toBe('/api/v1/invites/AbCd…/signup');
    expect(loggablePath('/api/v1/commands/invite.create')).toBe('/api/v1/commands/invite.create');
  });
});
