import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.ts';
import { ADMIN_KEY, INVITE_INVALID_MESSAGE, JELLYFIN_PUBLIC_URL, makeInvite, testConfig } from '../support/http-fakes.ts';
import { fakeApp, type FakeApp } from '../support/http-harness.ts';
import { attrOf, decode, fetchedResources, fieldErrors, inputTag, labelFor } from '../support/http-page.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const PASSWORD = 'Corr3ct-Horse-Battery';

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

describe('GET /invite/:code', () => {
  let t: FakeApp;
  beforeEach(async () => {
    t = await fakeApp({ config: testConfig({ password_rules: { min_length: 10, upper: 1, lower: 0, digits: 1, special: 1 } }) });
  });
  afterEach(() => t.app.close());

  it('serves the form with the agreed input names, labels, autocomplete and the configured rules', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/invite/good-code' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const page = res.body;
    // Posts to the invite page itself, named outright (a contact button's answer has another address).
    expect(page).toMatch(/<form method="post" action="\/invite\/good-code" id="signup-form"/);
    const username = inputTag(page, 'username');
    const password = inputTag(page, 'password');
    const confirm = inputTag(page, 'password_confirm');
    expect(attrOf(username, 'autocomplete')).toBe('username');
    expect(attrOf(password, 'autocomplete')).toBe('new-password');
    expect(attrOf(confirm, 'autocomplete')).toBe('new-password');
    for (const tag of [username, password, confirm]) expect(attrOf(tag, 'required')).toBe('');
    expect(attrOf(password, 'minlength')).toBe('10');
    expect(attrOf(confirm, 'minlength')).toBe('10');
    expect(attrOf(password, 'type')).toBe('password');
    expect(labelFor(page, 'username')).toBe('Username');
    expect(labelFor(page, 'password')).toBe('Password');
    expect(labelFor(page, 'password_confirm')).toBeTruthy();
    expect(attrOf(password, 'aria-describedby')).toContain('password-rules');
    for (const rule of ['at least 10 characters', 'at least 1 capital letter', 'at least 1 digit', 'at least 1 symbol']) {
      expect(page).toContain(rule);
    }
    expect(page).not.toContain('lowercase'); // a rule set to 0 is off and not mentioned
    expect(page).toMatch(/<button type="submit"[^>]*>Create account<\/button>/);
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(page).toMatch(/aria-live="assertive"/);
  });

  it('loads nothing from elsewhere: one stylesheet and one script from this server, no inline script', async () => {
    const page = (await t.app.inject({ method: 'GET', url: '/invite/good-code' })).body;
    const resources = fetchedResources(page).filter((url) => !url.startsWith('data:'));
    expect(resources).toHaveLength(2);
    for (const url of resources) expect(url).toMatch(/^\/assets\/signup\.[0-9a-f]{12}\.(css|js)$/);
    expect(page).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(page).not.toMatch(/\sstyle="/);
    expect(page).not.toMatch(/\son[a-z]+="/);
  });

  it('is never cached, carries the security headers and no referrer', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/invite/good-code' });
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('answers HEAD with the headers and no body', async () => {
    const get = await t.app.inject({ method: 'GET', url: '/invite/good-code' });
    const head = await t.app.inject({ method: 'HEAD', url: '/invite/good-code' });
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers['content-length']).toBe(get.headers['content-length']);
    expect(head.headers['cache-control']).toBe('no-store');
  });

  it('gives each invite its own page: its own API address and account lifetime', async () => {
    t.state.invites.set('other', makeInvite('other', { account_expiry: '7d' }));
    for (let round = 0; round < 2; round++) {
      const first = (await t.app.inject({ method: 'GET', url: '/invite/good-code' })).body;
      const second = (await t.app.inject({ method: 'GET', url: '/invite/other' })).body;
      expect(first).toContain('data-api="/api/v1/invites/good-code/signup"');
      expect(first).not.toContain('Accounts made with this invite last');
      expect(second).toContain('data-api="/api/v1/invites/other/signup"');
      expect(second).toContain('last 7 days');
    }
  });

  it('mentions how long accounts from this invite last', async () => {
    t.state.invites.set('month', makeInvite('month', { account_expiry: '1mo15d' }));
    const page = (await t.app.inject({ method: 'GET', url: '/invite/month' })).body;
    expect(page).toContain('Accounts made with this invite last 1 month and 15 days.');
  });

  it('shows one and the same 404 page for unknown, expired, used-up and revoked codes', async () => {
    t.state.invites.set('expired', makeInvite('expired', { status: 'expired' }));
    t.state.invites.set('used', makeInvite('used', { uses_count: 1, uses_left: 0 }));
    t.state.invites.set('revoked', makeInvite('revoked', { status: 'revoked' }));
    const pages = [];
    for (const code of ['nope', 'expired', 'used', 'revoked']) {
      const res = await t.app.inject({ method: 'GET', url: `/invite/${code}` });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-store');
      pages.push(res.body);
    }
    expect(new Set(pages).size).toBe(1);
    expect(decode(pages[0])).toContain(INVITE_INVALID_MESSAGE);
    expect(pages[0]).not.toContain('<form');
  });

  it('answers a storage outage with a 503 page that says so', async () => {
    t.services.invites.requireUsable = async () => {
      throw new DomainError('storage_unavailable', 'The database is not answering; try again in a minute.');
    };
    const res = await t.app.inject({ method: 'GET', url: '/invite/good-code' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('The database is not answering; try again in a minute.');
  });

  it('gives a mistyped path under /invite/ a friendly 404 page without asking for a key', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/invite/good-code/extra' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  });
});

describe('POST /invite/:code (the form without JavaScript)', () => {
  let t: FakeApp;
  beforeEach(async () => {
    t = await fakeApp();
  });
  afterEach(() => t.app.close());

  const post = (fields: Record<string, string>, code = 'good-code') =>
    t.app.inject({ method: 'POST', url: `/invite/${code}`, headers: FORM, payload: form(fields) });

  it('signs up and shows the success page with the Jellyfin address, the name and the expiry', async () => {
    t.state.invites.set('month', makeInvite('month', { account_expiry: '30d' }));
    const res = await post({ username: 'alice', password: PASSWORD, password_confirm: PASSWORD }, 'month');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toContain(`href="${JELLYFIN_PUBLIC_URL}"`);
    expect(res.body).toContain('<strong data-slot="name">alice</strong>');
    // The fake's clock is 2 Jan 2030; 30 days later is 1 Feb 2030.
    expect(res.body).toContain('<time data-slot="expires-at" datetime="2030-02-01T12:00:00.000Z">1 February 2030</time>');
    expect(res.body).not.toContain(PASSWORD);
    expect(t.state.signupCalls).toEqual([{ code: 'month', input: { username: 'alice', password: PASSWORD, password_confirm: PASSWORD } }]);
  });

  it('leaves the expiry out when accounts do not expire', async () => {
    const res = await post({ username: 'bob', password: PASSWORD, password_confirm: PASSWORD });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<p data-slot="expiry" hidden>');
  });

  it('re-renders a taken username with 409, the error next to the field, the username kept and no password', async () => {
    const res = await post({ username: 'taken', password: PASSWORD, password_confirm: PASSWORD });
    expect(res.statusCode).toBe(409);
    expect(fieldErrors(res.body, 'username')).toEqual(['The username taken is taken: choose another one.']);
    expect(fieldErrors(res.body, 'password')).toBeNull();
    const username = inputTag(res.body, 'username');
    expect(attrOf(username, 'value')).toBe('taken');
    expect(attrOf(username, 'aria-invalid')).toBe('true');
    expect(attrOf(username, 'aria-describedby')).toContain('username-error');
    expect(attrOf(username, 'autofocus')).toBe('');
    expect(attrOf(inputTag(res.body, 'password'), 'value')).toBeUndefined();
    expect(attrOf(inputTag(res.body, 'password_confirm'), 'value')).toBeUndefined();
    expect(res.body).not.toContain(PASSWORD);
    expect(res.body).toContain('<title>Error: Create your account</title>');
  });

  it('escapes a hostile username everywhere it is shown again', async () => {
    const hostile = '"><script>alert(1)</script>';
    const res = await post({ username: hostile, password: PASSWORD, password_confirm: PASSWORD });
    expect(res.statusCode).toBe(422);
    expect(res.body).not.toContain('<script>alert(1)</script>');
    expect(res.body).not.toContain('"><script>');
    expect(decode(attrOf(inputTag(res.body, 'username'), 'value') ?? '')).toBe(hostile);
  });

  it('puts each password problem next to the password field', async () => {
    const res = await post({ username: 'carol', password: 'short', password_confirm: 'short' });
    expect(res.statusCode).toBe(422);
    expect(fieldErrors(res.body, 'password')).toEqual([
      'The password needs at least 8 characters.',
      'The password needs at least 1 capital letter(s).',
      'The password needs at least 1 digit(s).',
    ]);
    expect(res.body).toContain('The password is too weak.');
    expect(res.body).toContain('<a href="#password">The password needs at least 1 capital letter(s).</a>');
    expect(attrOf(inputTag(res.body, 'password'), 'aria-invalid')).toBe('true');
    expect(attrOf(inputTag(res.body, 'username'), 'value')).toBe('carol');
  });

  it('puts a mismatched repeat next to the repeat field', async () => {
    const res = await post({ username: 'dave', password: PASSWORD, password_confirm: `${PASSWORD}x` });
    expect(res.statusCode).toBe(422);
    expect(fieldErrors(res.body, 'password_confirm')).toEqual(['The two passwords are not the same.']);
    expect(fieldErrors(res.body, 'username')).toBeNull();
  });

  it('shows the invite page when the invite was used up meanwhile', async () => {
    t.state.invites.set('last', makeInvite('last', { uses_count: 1, uses_left: 0 }));
    const res = await post({ username: 'erin', password: PASSWORD, password_confirm: PASSWORD }, 'last');
    expect(res.statusCode).toBe(404);
    expect(decode(res.body)).toContain(INVITE_INVALID_MESSAGE);
    expect(res.body).not.toContain('<form');
  });

  it('answers a Jellyfin outage with 503 and the form, keeping the username', async () => {
    t.state.failNextSignup = new DomainError('jellyfin_unavailable', 'Jellyfin is not answering. Nothing was created; try again in a few minutes.', { retryable: true });
    const res = await post({ username: 'frank', password: PASSWORD, password_confirm: PASSWORD });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('Jellyfin is not answering. Nothing was created; try again in a few minutes.');
    expect(attrOf(inputTag(res.body, 'username'), 'value')).toBe('frank');
  });

  it('apologises for an unexpected failure with a reference that is logged once, without the password', async () => {
    t.state.failNextSignup = new Error('kaboom: the saga broke');
    const res = await post({ username: 'gina', password: PASSWORD, password_confirm: PASSWORD });
    expect(res.statusCode).toBe(500);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).not.toContain('kaboom');
    const reference = res.body.match(/<code>([0-9a-f]+)<\/code>/)?.[1];
    expect(reference).toBeTruthy();
    const errors = t.logs.lines.filter((line) => line.level === 50);
    expect(errors).toHaveLength(1);
    expect(errors[0].reference).toBe(reference);
    expect((errors[0].err as { message: string }).message).toBe('kaboom: the saga broke');
    expect(t.logs.text()).not.toContain(PASSWORD);
    expect(t.logs.text()).not.toContain('good-code');
  });

  it('answers a body it cannot read with 400 and the form', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/invite/good-code', headers: { 'content-type': 'text/plain' }, payload: 'hello' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('<form');
  });

  it('needs no API key, even when one is sent', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/invite/good-code',
      headers: { ...FORM, authorization: `Bearer ${ADMIN_KEY}x` },
      payload: form({ username: 'hank', password: PASSWORD, password_confirm: PASSWORD }),
    });
    expect(res.statusCode).toBe(200);
  });
});

describe('static assets', () => {
  let t: FakeApp;
  beforeEach(async () => {
    t = await fakeApp();
  });
  afterEach(() => t.app.close());

  it('serves the CSS and JS under content-hashed names with long caching, and 304 on a match', async () => {
    const page = (await t.app.inject({ method: 'GET', url: '/invite/good-code' })).body;
    const [css, js] = fetchedResources(page).filter((url) => url.startsWith('/assets/'));
    const cssRes = await t.app.inject({ method: 'GET', url: css });
    expect(cssRes.statusCode).toBe(200);
    expect(cssRes.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(cssRes.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const jsRes = await t.app.inject({ method: 'GET', url: js });
    expect(jsRes.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(cssRes.body.length + jsRes.body.length).toBeLessThan(20_000);
    const again = await t.app.inject({ method: 'GET', url: css, headers: { 'if-none-match': String(cssRes.headers.etag) } });
    expect(again.statusCode).toBe(304);
    expect((await t.app.inject({ method: 'GET', url: '/assets/other.css' })).statusCode).toBe(404);
  });
});
