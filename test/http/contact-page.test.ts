import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyFakePin } from '../support/http-contact-fakes.ts';
import { INVITE_INVALID_MESSAGE } from '../support/http-fakes.ts';
import { BOT, fakeApp, telegramBot, telegramConfig, type FakeApp } from '../support/http-harness.ts';
import { attrOf, decode, fieldErrors, inputTag, labelFor } from '../support/http-page.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const PASSWORD = 'Corr3ct-Horse-Battery';
const TYPED = { username: 'alice', password: PASSWORD, password_confirm: PASSWORD };

function buttonTag(page: string, text: string): string | undefined {
  return [...page.matchAll(/<button[^>]*>([^<]*)<\/button>/g)].find((match) => match[1] === text)?.[0];
}

function section(page: string): string {
  return page.match(/<fieldset class="contact[^"]*" id="telegram"[\s\S]*?<\/fieldset>/)?.[0] ?? '';
}

describe('the Telegram section of the sign-up page', () => {
  let t: FakeApp;
  beforeEach(async () => {
    t = await fakeApp({ config: telegramConfig('required'), chat: telegramBot });
  });
  afterEach(() => t.app.close());

  const post = (url: string, fields: Record<string, string>) => t.app.inject({ method: 'POST', url, headers: FORM, payload: new URLSearchParams(fields).toString() });

  it('offers both directions, labelled, as buttons of the one form that work without JavaScript', async () => {
    const page = (await t.app.inject({ method: 'GET', url: '/invite/good-code' })).body;
    const part = section(page);
    expect(part).toMatch(/<legend>Telegram <span class="legend-note">\(required\)<\/span><\/legend>/);
    const link = buttonTag(part, 'Link Telegram');
    expect(attrOf(link, 'formaction')).toBe('/invite/good-code/contacts/telegram/pin');
    expect(attrOf(link, 'formnovalidate')).toBe('');
    const dm = buttonTag(part, 'Send me a PIN');
    expect(attrOf(dm, 'formaction')).toBe('/invite/good-code/contacts/telegram/dm');
    expect(labelFor(page, 'telegram_handle')).toBe('Your Telegram username');
    expect(decode(part)).toContain(`The bot can only message people who have sent it /start first: open @${BOT}, send /start`);
    expect(inputTag(part, 'telegram_pin')).toBeUndefined(); // (the <template>s after it hold one for the script)
    expect(part).toMatch(/role="status" aria-live="polite"/);
    // Enter in a text field must still create the account: an unseen "Create account" comes first.
    const buttons = [...page.matchAll(/<button[^>]*>/g)].map((match) => match[0]);
    expect(buttons[0]).toContain('class="default-submit"');
    expect(attrOf(buttons[0], 'aria-hidden')).toBe('true');
    expect(page).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(page).not.toMatch(/\sstyle="/);
  });

  it('says "(optional)" when optional and shows nothing of Telegram when off', async () => {
    await t.app.close();
    t = await fakeApp({ config: telegramConfig('optional'), chat: telegramBot });
    expect((await t.app.inject({ method: 'GET', url: '/invite/good-code' })).body).toContain('Telegram <span class="legend-note">(optional)</span>');
    await t.app.close();
    t = await fakeApp({ chat: telegramBot });
    const page = (await t.app.inject({ method: 'GET', url: '/invite/good-code' })).body;
    expect(page).not.toContain('Telegram');
    expect(page).not.toContain('default-submit');
  });

  it('"Link Telegram" re-renders the page with the PIN, the deep link, the instructions and the hidden field, keeping the username only', async () => {
    const res = await post('/invite/good-code/contacts/telegram/pin', TYPED);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const page = res.body;
    const pin = attrOf(inputTag(page, 'telegram_pin'), 'value');
    expect(pin).toBe('PQRS2223');
    expect(attrOf(inputTag(page, 'telegram_pin'), 'type')).toBe('hidden');
    expect(page).toContain(`<p class="pin" data-slot="pin">${pin}</p>`);
    expect(decode(page.replace(/<[^>]+>/g, ''))).toContain(`Open @${BOT} and send /link ${pin}, or tap the link.`);
    expect(page).toContain(`href="https://t.me/${BOT}?start=${pin}"`);
    expect(decode(page)).toContain(`Waiting for your message to @${BOT}…`);
    expect(attrOf(inputTag(page, 'username'), 'value')).toBe('alice');
    expect(page).not.toContain(PASSWORD);
    // This page's address is the PIN route: the form must still post to the invite page.
    expect(page).toMatch(/<form method="post" action="\/invite\/good-code" id="signup-form"/);
    expect(attrOf(inputTag(page, 'telegram_handle'), 'disabled')).toBe('');
    expect(buttonTag(page, 'Get a new PIN')).toBeTruthy();
    expect(page).toMatch(/<fieldset[^>]*id="telegram"[^>]*autofocus/);
    expect(t.state.contacts.calls).toEqual([{ method: 'createPin', input: { inviteCode: 'good-code', platform: 'telegram', ip: '127.0.0.1' } }]);
  });

  it('refuses the sign-up without a PIN: 422 contact_required next to the Telegram section', async () => {
    const res = await post('/invite/good-code', TYPED);
    expect(res.statusCode).toBe(422);
    expect(fieldErrors(res.body, 'telegram')).toEqual(['Link your Telegram account first: this invite needs it.']);
    expect(fieldErrors(res.body, 'username')).toBeNull();
    expect(res.body).toContain('<a href="#telegram">Link your Telegram account first: this invite needs it.</a>');
    expect(res.body).toMatch(/<fieldset class="contact has-error"[^>]*autofocus/);
    expect(t.state.users.map((user) => user.name)).toEqual(['Taken']);
  });

  it('refuses an unverified PIN next to the section and keeps showing it; once the bot has it, the form signs up with contacts.telegram', async () => {
    const pin = attrOf(inputTag((await post('/invite/good-code/contacts/telegram/pin', TYPED)).body, 'telegram_pin'), 'value')!;
    const refused = await post('/invite/good-code', { ...TYPED, telegram_pin: pin });
    expect(refused.statusCode).toBe(422);
    expect(fieldErrors(refused.body, 'telegram')?.[0]).toContain('not verified yet');
    expect(attrOf(inputTag(refused.body, 'telegram_pin'), 'value')).toBe(pin);
    expect(decode(refused.body)).toContain(`Waiting for your message to @${BOT}…`);

    verifyFakePin(t.state.contacts, pin);
    const created = await post('/invite/good-code', { ...TYPED, telegram_pin: pin, telegram_handle: '' });
    expect(created.statusCode).toBe(200);
    expect(created.body).toContain('Welcome, <span data-slot="name">alice</span>!');
    expect(t.state.signupCalls.at(-1)?.input).toEqual({ ...TYPED, contacts: { telegram: { pin } } });
    expect(t.state.contacts.linked.get('telegram:5001')).toBe('alice');
  });

  it('shows a verified PIN as linked when the form comes back for another reason', async () => {
    const pin = attrOf(inputTag((await post('/invite/good-code/contacts/telegram/pin', TYPED)).body, 'telegram_pin'), 'value')!;
    verifyFakePin(t.state.contacts, pin);
    const refused = await post('/invite/good-code', { ...TYPED, username: 'Taken', telegram_pin: pin });
    expect(refused.statusCode).toBe(409);
    expect(fieldErrors(refused.body, 'username')).toHaveLength(1);
    expect(fieldErrors(refused.body, 'telegram')).toBeNull();
    expect(refused.body).toContain('Telegram linked ✓');
    expect(refused.body).toMatch(/<fieldset class="contact verified"/); // the steps and "Get a new PIN" step aside
    expect(attrOf(inputTag(refused.body, 'telegram_pin'), 'value')).toBe(pin);
  });

  it('"Send me a PIN" has the bot DM a PIN and re-renders with a field for it; the form then signs up with {pin, handle}', async () => {
    const res = await post('/invite/good-code/contacts/telegram/dm', { ...TYPED, telegram_handle: '@alice' });
    expect(res.statusCode).toBe(200);
    const field = inputTag(res.body, 'telegram_pin');
    expect(attrOf(field, 'type')).toBe('text');
    expect(attrOf(field, 'autocomplete')).toBe('one-time-code');
    expect(attrOf(field, 'autofocus')).toBe('');
    expect(labelFor(res.body, 'telegram_pin')).toBe(`PIN from @${BOT}`);
    expect(attrOf(inputTag(res.body, 'telegram_handle'), 'value')).toBe('@alice');
    expect(attrOf(inputTag(res.body, 'username'), 'value')).toBe('alice');
    expect(res.body).not.toContain(PASSWORD);
    const sent = t.state.contacts.dms[0].pin;
    expect(res.body).not.toContain(sent);
    expect(t.state.contacts.calls[0]).toMatchObject({ method: 'sendPinDm', input: { handle: '@alice', ip: '127.0.0.1' } });

    const created = await post('/invite/good-code', { ...TYPED, telegram_handle: '@alice', telegram_pin: sent });
    expect(created.statusCode).toBe(200);
    expect(t.state.signupCalls.at(-1)?.input.contacts).toEqual({ telegram: { pin: sent, handle: '@alice' } });
  });

  it('puts "send /start to @bot first" next to the handle, a closed chat next to the section, an empty handle next to the handle', async () => {
    const unknown = await post('/invite/good-code/contacts/telegram/dm', { ...TYPED, telegram_handle: '@stranger' });
    expect(unknown.statusCode).toBe(422);
    expect(fieldErrors(unknown.body, 'telegram_handle')?.[0]).toContain(`send /start to @${BOT} first`);
    expect(attrOf(inputTag(unknown.body, 'telegram_handle'), 'value')).toBe('@stranger');
    expect(attrOf(inputTag(unknown.body, 'telegram_handle'), 'autofocus')).toBe('');
    expect(unknown.body).toContain('<h2>The bot did not send a PIN</h2>');
    expect(unknown.body).not.toContain(PASSWORD);

    t.state.contacts.blocked.add('5001');
    const closed = await post('/invite/good-code/contacts/telegram/dm', { ...TYPED, telegram_handle: '@alice' });
    expect(closed.statusCode).toBe(409);
    expect(fieldErrors(closed.body, 'telegram')?.[0]).toContain('did not let');

    const empty = await post('/invite/good-code/contacts/telegram/dm', { ...TYPED, telegram_handle: ' ' });
    expect(empty.statusCode).toBe(422);
    expect(fieldErrors(empty.body, 'telegram_handle')?.[0]).toContain('First type your Telegram username (like @alice)');
  });

  it('puts contact_taken next to the Telegram section', async () => {
    const pin = attrOf(inputTag((await post('/invite/good-code/contacts/telegram/pin', TYPED)).body, 'telegram_pin'), 'value')!;
    verifyFakePin(t.state.contacts, pin);
    t.state.contacts.linked.set('telegram:5001', 'Taken');
    const res = await post('/invite/good-code', { ...TYPED, telegram_pin: pin });
    expect(res.statusCode).toBe(409);
    expect(fieldErrors(res.body, 'telegram')?.[0]).toContain('already linked to a Jellyfin account (Taken)');
  });

  it('answers an unknown or disabled platform with the 404 page and an unusable invite with the invite page', async () => {
    for (const url of ['/invite/good-code/contacts/discord/pin', '/invite/good-code/contacts/icq/dm']) {
      const res = await post(url, TYPED);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.body).toContain('Page not found');
    }
    const invalid = await post('/invite/nope/contacts/telegram/pin', TYPED);
    expect(invalid.statusCode).toBe(404);
    expect(decode(invalid.body)).toContain(INVITE_INVALID_MESSAGE);
    expect(t.state.contacts.calls).toEqual([]);
  });

  it('names "the Doorman bot" and shows no deep link while the bot is not running', async () => {
    await t.app.close();
    t = await fakeApp({ config: telegramConfig('required') });
    const page = (await post('/invite/good-code/contacts/telegram/pin', TYPED)).body;
    expect(decode(page.replace(/<[^>]+>/g, ''))).toContain('Open the Doorman bot on Telegram and send /link PQRS2223. The PIN works');
    expect(page).not.toContain('https://t.me/');
  });
});
