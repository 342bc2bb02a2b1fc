import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_PIN_NOT_FOUND, verifyFakePin } from '../support/http-contact-fakes.ts';
import { INVITE_INVALID_MESSAGE, testConfig } from '../support/http-fakes.ts';
import { BOT, fakeApp, telegramBot, telegramConfig, type FakeApp } from '../support/http-harness.ts';

const PASSWORD = 'Corr3ct-Horse-Battery';
const PIN_API = '/api/v1/invites/good-code/contacts/telegram/pin';
const DM_API = '/api/v1/invites/good-code/contacts/telegram/dm';

describe('the PIN routes', () => {
  let t: FakeApp;
  beforeEach(async () => {
    t = await fakeApp({ config: telegramConfig('required'), chat: telegramBot });
  });
  afterEach(() => t.app.close());

  const createPin = (url = PIN_API) => t.app.inject({ method: 'POST', url, payload: {} });

  it('POST …/pin answers 201 {pin, expires_at, deep_link} without an API key', async () => {
    const res = await createPin();
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toEqual({ pin: 'PQRS2223', expires_at: '2030-01-02T12:10:00.000Z', deep_link: `https://t.me/${BOT}?start=PQRS2223` });
    expect(res.headers['cache-control']).toBe('no-store');
    expect(t.state.contacts.calls[0]).toEqual({ method: 'createPin', input: { inviteCode: 'good-code', platform: 'telegram', ip: '127.0.0.1' } });
  });

  it('POST …/pin leaves the deep link out while the bot is not running, and takes no body at all', async () => {
    await t.app.close();
    t = await fakeApp({ config: telegramConfig('optional') });
    const res = await t.app.inject({ method: 'POST', url: PIN_API });
    expect(res.statusCode).toBe(201);
    expect(Object.keys(res.json()).sort()).toEqual(['expires_at', 'pin']);
  });

  it('answers an unknown or disabled platform and an unusable invite with 404', async () => {
    for (const platform of ['discord', 'matrix', 'icq']) {
      const res = await createPin(`/api/v1/invites/good-code/contacts/${platform}/pin`);
      expect(res.statusCode, platform).toBe(404);
      expect(res.json().error.code).toBe('not_found');
      const status = await t.app.inject({ method: 'GET', url: `/api/v1/invites/good-code/contacts/${platform}/pin/PQRS2223` });
      expect(status.statusCode).toBe(404);
      const dm = await t.app.inject({ method: 'POST', url: `/api/v1/invites/good-code/contacts/${platform}/dm`, payload: { handle: '@alice' } });
      expect(dm.json().error.code).toBe('not_found');
    }
    const unknownInvite = await createPin('/api/v1/invites/nope/contacts/telegram/pin');
    expect(unknownInvite.statusCode).toBe(404);
    expect(unknownInvite.json()).toEqual({ error: { code: 'invite_invalid', message: INVITE_INVALID_MESSAGE } });
  });

  it('answers 404 for every platform when contacts are off', async () => {
    await t.app.close();
    t = await fakeApp({ config: testConfig() });
    expect((await createPin()).statusCode).toBe(404);
    expect(t.state.contacts.calls).toEqual([]);
  });

  it('GET …/pin/{pin} says {verified:false}, then {verified:true} once the bot got it; passes the client address on', async () => {
    const { pin } = (await createPin()).json();
    const before = await t.app.inject({ method: 'GET', url: `${PIN_API}/${pin}`, remoteAddress: '203.0.113.7' });
    expect(before.statusCode).toBe(200);
    expect(before.json()).toEqual({ verified: false });
    verifyFakePin(t.state.contacts, pin);
    const after = await t.app.inject({ method: 'GET', url: `${PIN_API}/${pin}`, remoteAddress: '203.0.113.7' });
    expect(after.json()).toEqual({ verified: true });
    expect(t.state.contacts.calls.filter((call) => call.method === 'pinStatus').map((call) => call.input)).toEqual([
      { inviteCode: 'good-code', platform: 'telegram', pin, ip: '203.0.113.7' },
      { inviteCode: 'good-code', platform: 'telegram', pin, ip: '203.0.113.7' },
    ]);
  });

  it('GET …/pin/{pin} is 404 for an unknown PIN and 429 after five misses from one address', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await t.app.inject({ method: 'GET', url: `${PIN_API}/WRONG${i}22`, remoteAddress: '203.0.113.9' });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ error: { code: 'not_found', message: FAKE_PIN_NOT_FOUND } });
    }
    const limited = await t.app.inject({ method: 'GET', url: `${PIN_API}/WRONG922`, remoteAddress: '203.0.113.9' });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('rate_limited');
    const elsewhere = await t.app.inject({ method: 'GET', url: `${PIN_API}/WRONG922`, remoteAddress: '198.51.100.1' });
    expect(elsewhere.statusCode).toBe(404);
  });

  it('never writes a PIN into the log', async () => {
    const { pin } = (await createPin()).json();
    await t.app.inject({ method: 'GET', url: `${PIN_API}/${pin}` });
    expect(t.logs.text()).not.toContain(pin);
    expect(t.logs.lines.some((line) => line.path === '/api/v1/invites/good…/contacts/telegram/pin/…')).toBe(true);
  });

  it('POST …/dm sends a PIN to a handle that started the bot: 200 {sent: true}', async () => {
    const res = await t.app.inject({ method: 'POST', url: DM_API, payload: { handle: '@Alice' }, remoteAddress: '203.0.113.7' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ sent: true });
    expect(t.state.contacts.dms).toEqual([{ platform: 'telegram', userId: '5001', pin: 'PQRS2223' }]);
    expect(t.state.contacts.calls.at(-1)).toEqual({ method: 'sendPinDm', input: { inviteCode: 'good-code', platform: 'telegram', handle: '@Alice', ip: '203.0.113.7' } });
  });

  it('POST …/dm refuses a handle the bot does not know (422, "send /start to @bot first") and a closed chat (409)', async () => {
    const unknown = await t.app.inject({ method: 'POST', url: DM_API, payload: { handle: '@stranger' } });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error).toMatchObject({ code: 'handle_unknown', field: 'handle' });
    expect(unknown.json().error.message).toContain(`send /start to @${BOT} first`);
    t.state.contacts.blocked.add('5001');
    const closed = await t.app.inject({ method: 'POST', url: DM_API, payload: { handle: 'alice' } });
    expect(closed.statusCode).toBe(409);
    expect(closed.json().error.code).toBe('dm_closed');
    t.state.contacts.blocked.clear();
    t.state.contacts.linked.set('telegram:5001', 'Taken');
    const taken = await t.app.inject({ method: 'POST', url: DM_API, payload: { handle: 'alice' } });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('contact_taken');
    expect(t.state.contacts.dms).toEqual([]);
  });

  it('POST …/dm wants a handle: 400 without one, 422 validation for an empty one', async () => {
    const missing = await t.app.inject({ method: 'POST', url: DM_API, payload: {} });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toMatchObject({ code: 'bad_request', field: 'handle' });
    const empty = await t.app.inject({ method: 'POST', url: DM_API, payload: { handle: '  ' } });
    expect(empty.statusCode).toBe(422);
    expect(empty.json().error).toMatchObject({ code: 'validation', field: 'handle' });
    expect(t.state.contacts.calls).toEqual([]);
  });
});

describe('sign-up with contacts through the JSON API', () => {
  let t: FakeApp;
  beforeEach(async () => {
    t = await fakeApp({ config: telegramConfig('required'), chat: telegramBot });
  });
  afterEach(() => t.app.close());

  const signup = (body: unknown) => t.app.inject({ method: 'POST', url: '/api/v1/invites/good-code/signup', payload: body as object });

  it('refuses without a PIN (422 contact_required) and with an unverified one (422 contact_unverified)', async () => {
    const none = await signup({ username: 'alice', password: PASSWORD });
    expect(none.statusCode).toBe(422);
    expect(none.json().error).toMatchObject({ code: 'contact_required', field: 'contacts.telegram' });
    const { pin } = (await t.app.inject({ method: 'POST', url: PIN_API, payload: {} })).json();
    const pending = await signup({ username: 'alice', password: PASSWORD, contacts: { telegram: { pin } } });
    expect(pending.statusCode).toBe(422);
    expect(pending.json().error.code).toBe('contact_unverified');
    expect(t.state.users.map((user) => user.name)).toEqual(['Taken']);
  });

  it('passes contacts.telegram {pin} (page → bot) and {pin, handle} (bot → page) on to the core', async () => {
    const { pin } = (await t.app.inject({ method: 'POST', url: PIN_API, payload: {} })).json();
    verifyFakePin(t.state.contacts, pin);
    const created = await signup({ username: 'alice', password: PASSWORD, contacts: { telegram: { pin } } });
    expect(created.statusCode).toBe(201);
    expect(t.state.signupCalls.at(-1)?.input.contacts).toEqual({ telegram: { pin } });
    expect(t.state.contacts.linked.get('telegram:5001')).toBe('alice');

    t.state.contacts.knownHandles.set('bob', '5002');
    await t.app.inject({ method: 'POST', url: DM_API, payload: { handle: '@bob' } });
    const sent = t.state.contacts.dms.at(-1)!.pin;
    const second = await signup({ username: 'bob', password: PASSWORD, contacts: { telegram: { pin: sent, handle: '@bob' } } });
    expect(second.statusCode).toBe(201);
    expect(t.state.signupCalls.at(-1)?.input.contacts).toEqual({ telegram: { pin: sent, handle: '@bob' } });
  });

  it('answers a chat account linked elsewhere with 409 contact_taken, and a malformed contacts object with 400', async () => {
    const { pin } = (await t.app.inject({ method: 'POST', url: PIN_API, payload: {} })).json();
    verifyFakePin(t.state.contacts, pin);
    t.state.contacts.linked.set('telegram:5001', 'Taken');
    const taken = await signup({ username: 'alice', password: PASSWORD, contacts: { telegram: { pin } } });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('contact_taken');
    const malformed = await signup({ username: 'alice', password: PASSWORD, contacts: { telegram: { pin: 5 } } });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error).toMatchObject({ code: 'bad_request', field: 'contacts.telegram.pin' });
    const unknownPlatform = await signup({ username: 'alice', password: PASSWORD, contacts: { icq: { pin } } });
    expect(unknownPlatform.statusCode).toBe(400);
  });
});
