import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_KEY, PUBLIC_URL, REVOKED_KEY } from '../support/http-fakes.ts';
import { fakeApp, type FakeApp } from '../support/http-harness.ts';

const AUTH = { authorization: `Bearer ${ADMIN_KEY}` };

describe('the admin REST API', () => {
  let t: FakeApp;
  beforeEach(async () => {
    t = await fakeApp();
  });
  afterEach(() => t.app.close());

  const run = (command: string, body?: unknown, headers: Record<string, string> = AUTH) =>
    t.app.inject({ method: 'POST', url: `/api/v1/commands/${command}`, headers, ...(body === undefined ? {} : { payload: body as object }) });

  it('refuses a call without a key with 401 and says how to get one', async () => {
    const res = await run('invite.create', { uses: 3 }, {});
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    const { error } = res.json();
    expect(error.code).toBe('unauthorized');
    expect(error.message).toContain('Authorization: Bearer <api key>');
    expect(error.message).toContain('doorman apikey create');
    expect(t.state.invites.size).toBe(1);
  });

  it('refuses a wrong key, a revoked key and a key in the wrong scheme', async () => {
    for (const authorization of [`Bearer ${ADMIN_KEY}x`, `Bearer ${REVOKED_KEY}`, `Basic ${ADMIN_KEY}`, ADMIN_KEY, 'Bearer ']) {
      const res = await run('invite.create', {}, { authorization });
      expect(res.statusCode, authorization).toBe(401);
      expect(res.json().error.code).toBe('unauthorized');
    }
    expect(t.state.invites.size).toBe(1);
  });

  it('runs a command with a valid key and answers {reply}, the caller being the key', async () => {
    const res = await run('invite.create', { uses: 3, valid: '7d', label: 'friends' });
    expect(res.statusCode).toBe(200);
    const { reply } = res.json();
    expect(reply.text).toBe(`Invite created: ${PUBLIC_URL}/invite/c2`);
    expect(reply.fields).toEqual([{ label: 'Uses', value: '3' }]);
    expect(reply.data).toMatchObject({ code: 'c2', uses_total: 3, label: 'friends', created_by: 'api:ci-bot' });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('accepts the scheme in any case and no body when there are no options', async () => {
    const res = await run('invite.create', undefined, { authorization: `bearer ${ADMIN_KEY}` });
    expect(res.statusCode).toBe(200);
    expect(res.json().reply.data.uses_total).toBe(1);
  });

  it('takes the positional option by its name', async () => {
    const res = await run('invite.show', { code: 'good-code' });
    expect(res.statusCode).toBe(200);
    expect(res.json().reply.text).toBe('Invite good-code: active');
  });

  it('answers a refusal from the command with its status and code', async () => {
    const res = await run('invite.show', { code: 'missing' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'not_found', message: 'There is no invite missing.', field: 'code' } });
  });

  it('answers options that fail the zod schema with 422 and the problems', async () => {
    const res = await run('invite.create', { uses: 'lots', valid: 'soon' });
    expect(res.statusCode).toBe(422);
    const { error } = res.json();
    expect(error.code).toBe('validation');
    expect(error.problems.map((p: { field: string }) => p.field).sort()).toEqual(['uses', 'valid']);
    const unknown = await run('invite.create', { colour: 'red' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error).toMatchObject({ code: 'usage', field: 'colour' });
  });

  it('answers a body that is not an object, or not JSON, with 400', async () => {
    expect((await run('invite.create', [1])).json().error.code).toBe('bad_request');
    const broken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/commands/invite.create',
      headers: { ...AUTH, 'content-type': 'application/json' },
      payload: '{uses:3}',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.code).toBe('bad_request');
  });

  it('denies by default: unknown routes are 401 without a key and 404 with one', async () => {
    for (const [method, url] of [['POST', '/api/v1/commands/nothing.here'], ['GET', '/api/v1/whatever'], ['GET', '/'], ['DELETE', '/api/v1/invites']] as const) {
      const anonymous = await t.app.inject({ method, url });
      expect(anonymous.statusCode, `${method} ${url}`).toBe(401);
      const keyed = await t.app.inject({ method, url, headers: AUTH });
      expect(keyed.statusCode, `${method} ${url}`).toBe(404);
      expect(keyed.json().error.code).toBe('not_found');
    }
  });

  it('leaves the anonymous routes open without a key', async () => {
    for (const url of ['/healthz', '/api/v1/openapi.json', '/invite/good-code', '/api/v1/invites/good-code']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
    }
  });

  it('logs the key id with the request, never the key', async () => {
    await run('invite.create', {});
    const line = t.logs.lines.find((entry) => entry.msg === 'request');
    expect(line).toMatchObject({ method: 'POST', path: '/api/v1/commands/invite.create', status: 200, key_id: 'key-admin' });
    expect(t.logs.text()).not.toContain(ADMIN_KEY);
  });
});

describe('/healthz', () => {
  let t: FakeApp;
  beforeEach(async () => {
    t = await fakeApp();
  });
  afterEach(() => t.app.close());

  it('answers 200 with the report when everything answers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true, database: { ok: true }, jellyfin: { ok: true, version: '10.11.0' } });
  });

  it('answers 503 with the report when something does not', async () => {
    t.state.health = { ok: false, database: { ok: true }, jellyfin: { ok: false, error: 'connection refused' } };
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual(t.state.health);
    expect(res.headers['cache-control']).toBe('no-store');
  });
});
