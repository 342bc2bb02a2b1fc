import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.ts';
import { INVITE_INVALID_MESSAGE, JELLYFIN_PUBLIC_URL, makeInvite } from '../support/http-fakes.ts';
import { fakeApp, type FakeApp } from '../support/http-harness.ts';

const PASSWORD = 'Corr3ct-Horse-Battery';

describe('the sign-up JSON API', () => {
  let t: FakeApp;
  beforeEach(async () => {
    t = await fakeApp();
  });
  afterEach(() => t.app.close());

  const signup = (body: unknown, code = 'good-code') =>
    t.app.inject({ method: 'POST', url: `/api/v1/invites/${code}/signup`, payload: body as object });

  it('GET /api/v1/invites/:code says a usable invite is valid and gives the rules', async () => {
    t.state.invites.set('month', makeInvite('month', { account_expiry: '30d', label: 'for Bob' }));
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/invites/month' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      valid: true,
      expires_at: '2030-01-08T12:00:00.000Z',
      account_expiry: '30d',
      password_rules: { min_length: 8, upper: 1, lower: 0, digits: 1, special: 0 },
      jellyfin_url: JELLYFIN_PUBLIC_URL,
    });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('GET /api/v1/invites/:code answers an unusable invite with invite_invalid 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/invites/unknown' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'invite_invalid', message: INVITE_INVALID_MESSAGE } });
  });

  it('creates the account: 201 {user:{id,name,expires_at}} and nothing more', async () => {
    const res = await signup({ username: 'alice', password: PASSWORD });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(Object.keys(body)).toEqual(['user']);
    expect(Object.keys(body.user).sort()).toEqual(['expires_at', 'id', 'name']);
    expect(body.user).toMatchObject({ name: 'alice', expires_at: null });
    expect(body.user.id).toMatch(/^[0-9a-f]{32}$/);
    expect(t.state.signupCalls).toEqual([{ code: 'good-code', input: { username: 'alice', password: PASSWORD } }]);
  });

  it('passes email and password_confirm through when given', async () => {
    const res = await signup({ username: 'bob', password: PASSWORD, password_confirm: PASSWORD, email: 'bob@example.org' });
    expect(res.statusCode).toBe(201);
    expect(t.state.signupCalls[0].input).toEqual({ username: 'bob', password: PASSWORD, password_confirm: PASSWORD, email: 'bob@example.org' });
  });

  it('refuses malformed JSON with 400 bad_request', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/invites/good-code/signup',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": "alice", ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toEqual({ code: 'bad_request', message: 'The body is not valid JSON: check the quotes, commas and brackets.' });
    expect(t.state.signupCalls).toHaveLength(0);
  });

  it('refuses a body that fails the schema with 400 and names the field', async () => {
    const missing = await signup({ username: 'alice' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toMatchObject({ code: 'bad_request', field: 'password' });
    expect(missing.json().error.message).toContain('password: is required');
    const wrongType = await signup({ username: 42, password: PASSWORD });
    expect(wrongType.json().error).toMatchObject({ code: 'bad_request', field: 'username' });
    const notObject = await signup([1, 2]);
    expect(notObject.statusCode).toBe(400);
    expect(t.state.signupCalls).toHaveLength(0);
  });

  it('refuses a urlencoded body: the API speaks JSON', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/invites/good-code/signup',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `username=alice&password=${PASSWORD}`,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('bad_request');
  });

  it('maps each refusal to its status with {error:{code,message,field}}', async () => {
    const taken = await signup({ username: 'TAKEN', password: PASSWORD });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toEqual({ error: { code: 'username_taken', message: 'The username TAKEN is taken: choose another one.', field: 'username' } });

    const invalid = await signup({ username: 'a/b', password: PASSWORD });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json().error).toMatchObject({ code: 'username_invalid', field: 'username' });

    const weak = await signup({ username: 'carol', password: 'weakpassword1' });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().error).toMatchObject({
      code: 'password_weak',
      field: 'password',
      problems: [{ field: 'password', message: 'The password needs at least 1 capital letter(s).' }],
    });

    const gone = await signup({ username: 'dave', password: PASSWORD }, 'unknown');
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.code).toBe('invite_invalid');
  });

  it('answers an outage with 503 and its code', async () => {
    t.state.failNextSignup = new DomainError('jellyfin_unavailable', 'Jellyfin is not answering; nothing was created. Try again in a few minutes.');
    const res = await signup({ username: 'erin', password: PASSWORD });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ error: { code: 'jellyfin_unavailable', message: 'Jellyfin is not answering; nothing was created. Try again in a few minutes.' } });
  });

  it('answers an unexpected failure with 500 internal_error and a reference that is in the log', async () => {
    t.state.failNextSignup = new TypeError('cannot read properties of undefined');
    const res = await signup({ username: 'frank', password: PASSWORD });
    expect(res.statusCode).toBe(500);
    const { error } = res.json();
    expect(error.code).toBe('internal_error');
    expect(error.message).toContain(error.reference);
    expect(error.message).not.toContain('undefined');
    const logged = t.logs.lines.filter((line) => line.level === 50);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ reference: error.reference, reqId: error.reference });
    expect(t.logs.text()).not.toContain(PASSWORD);
  });

  it('logs one info line per request with the method, a shortened invite code and the status, never the body', async () => {
    await signup({ username: 'gina', password: PASSWORD });
    const line = t.logs.lines.find((entry) => entry.msg === 'request');
    expect(line).toMatchObject({ level: 30, method: 'POST', path: '/api/v1/invites/good…/signup', status: 201 });
    expect(t.logs.text()).not.toContain('gina');
    expect(t.logs.text()).not.toContain(PASSWORD);
  });
});
