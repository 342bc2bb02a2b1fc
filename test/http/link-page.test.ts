import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeApp, telegramBot, telegramConfig, type FakeApp } from '../support/http-harness.ts';
import { attrOf, decode, inputTag, labelFor } from '../support/http-page.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const TOKEN = 'link-token-1';
const JELLYFIN_PASSWORD = 'Jellyfin-pass1';

function text(page: string): string {
  return decode(page.replace(/<[^>]+>/g, ''));
}

describe('/link/{token}: linking a chat account to an existing Jellyfin account', () => {
  let t: FakeApp;
  beforeEach(async () => {
    t = await fakeApp({ config: telegramConfig('optional'), chat: telegramBot });
  });
  afterEach(() => t.app.close());

  const post = (fields: Record<string, string>, token = TOKEN) =>
    t.app.inject({ method: 'POST', url: `/link/${token}`, headers: FORM, payload: new URLSearchParams(fields).toString() });

  it('GET shows a labelled sign-in form without a script and without asking for an API key', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/link/${TOKEN}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatch(/<form method="post" id="link-form">/);
    expect(labelFor(res.body, 'username')).toBe('Jellyfin username');
    expect(labelFor(res.body, 'password')).toBe('Jellyfin password');
    expect(attrOf(inputTag(res.body, 'username'), 'autocomplete')).toBe('username');
    expect(attrOf(inputTag(res.body, 'password'), 'autocomplete')).toBe('current-password');
    expect(text(res.body)).toContain('to link Telegram @alice to your Jellyfin account');
    expect(res.body).not.toContain('<script');
  });

  it('POST with the right password links and says so; the link is then used up', async () => {
    const res = await post({ username: 'taken', password: JELLYFIN_PASSWORD });
    expect(res.statusCode).toBe(200);
    expect(text(res.body)).toContain('Telegram @alice is now linked to Taken.');
    expect(res.body).not.toContain(JELLYFIN_PASSWORD);
    expect(t.state.contacts.linked.get('telegram:5001')).toBe('Taken');
    const again = await t.app.inject({ method: 'GET', url: `/link/${TOKEN}` });
    expect(again.statusCode).toBe(404);
    expect(text(again.body)).toContain('This sign-in link is not valid any more');
  });

  it('POST with a wrong password shows the form again with the reason and the username, never the password', async () => {
    const res = await post({ username: 'Taken', password: 'wrong-guess' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['www-authenticate']).toBeUndefined();
    expect(text(res.body)).toContain('That username and password did not sign in to Jellyfin.');
    expect(attrOf(inputTag(res.body, 'username'), 'value')).toBe('Taken');
    expect(attrOf(inputTag(res.body, 'password'), 'autofocus')).toBe('');
    expect(res.body).not.toContain('wrong-guess');
    expect(res.body).toContain('<title>Error: Link Telegram</title>');
    expect(t.state.contacts.linked.size).toBe(0);
  });

  it('POST for a chat account linked to someone else is 409 with the form and the reason', async () => {
    t.state.contacts.linked.set('telegram:5001', 'bob');
    const res = await post({ username: 'Taken', password: JELLYFIN_PASSWORD });
    expect(res.statusCode).toBe(409);
    expect(text(res.body)).toContain('already linked to a Jellyfin account (bob)');
    expect(res.body).toContain('<form method="post" id="link-form">');
  });

  it('answers an unknown token with a 404 page on GET and POST, and a mistyped path under /link/ alike', async () => {
    for (const res of [
      await t.app.inject({ method: 'GET', url: '/link/nope' }),
      await post({ username: 'Taken', password: JELLYFIN_PASSWORD }, 'nope'),
      await t.app.inject({ method: 'GET', url: '/link/nope/extra' }),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.body).not.toContain('<form');
    }
    expect(t.state.contacts.linked.size).toBe(0);
  });

  it('keeps the token out of the log', async () => {
    await t.app.inject({ method: 'GET', url: `/link/${TOKEN}` });
    await post({ username: 'Taken', password: 'wrong-guess' });
    expect(t.logs.text()).not.toContain(TOKEN);
    expect(t.logs.text()).not.toContain('wrong-guess');
    expect(t.logs.lines.filter((line) => line.path === '/link/…')).toHaveLength(2);
  });
});
