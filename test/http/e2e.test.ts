import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppHarness, type AppHarness } from '../support/app-harness.ts';
import { attrOf, fieldErrors, inputTag } from '../support/http-page.ts';
import { launchChromium } from '../support/browser.ts';
import { hasChromium } from '../support/prereq.ts';

const PASSWORD = 'Corr3ct-Horse-Battery';

/** The real composition (createApp): real services, real commands, SQLite, the Jellyfin stand-in. */
describe('the HTTP surface end to end', () => {
  let h: AppHarness;
  let base: string;
  let key: string;

  beforeAll(async () => {
    h = await startAppHarness();
    base = await h.app.listen();
    key = (await h.app.services.apiKeys.create('e2e', null)).key;
  });
  afterAll(async () => {
    await h?.close();
  });

  const api = (path: string, body: unknown, bearer: string | null = key) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      body: JSON.stringify(body),
    });

  async function createInvite(options: Record<string, unknown>): Promise<string> {
    const res = await api('/api/v1/commands/invite.create', options);
    expect(res.status).toBe(200);
    const { reply } = (await res.json()) as { reply: { text: string; data: { invite: { code: string; link: string } } } };
    expect(reply.text).toContain(reply.data.invite.link);
    return reply.data.invite.code;
  }

  it('creates an invite over REST, refuses a taken name on the form, then signs up through the JSON API', async () => {
    expect((await api('/api/v1/commands/invite.create', {}, null)).status).toBe(401);
    const code = await createInvite({ uses: 2, expiry: '30d' });

    const page = await fetch(`${base}/invite/${code}`);
    expect(page.status).toBe(200);
    expect(inputTag(await page.text(), 'password_confirm')).toBeTruthy();

    h.standin.clearRequests();
    const refused = await fetch(`${base}/invite/${code}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: 'ADMIN', password: PASSWORD, password_confirm: PASSWORD }).toString(),
    });
    expect(refused.status).toBe(409);
    const refusedPage = await refused.text();
    expect(fieldErrors(refusedPage, 'username')?.[0]).toBeTruthy();
    expect(attrOf(inputTag(refusedPage, 'username'), 'value')).toBe('ADMIN');
    expect(refusedPage).not.toContain(PASSWORD);
    expect(h.standin.requestsTo('POST /Users/New')).toHaveLength(0);

    const created = await api(`/api/v1/invites/${code}/signup`, { username: 'alice', password: PASSWORD }, null);
    expect(created.status).toBe(201);
    const body = (await created.json()) as { user: { id: string; name: string; expires_at: string | null } };
    expect(body.user.name).toBe('alice');
    expect(body.user.expires_at).not.toBeNull();
    expect(h.standin.requestsTo('POST /Users/New').map((r) => (r.body as { Name: string }).Name)).toEqual(['alice']);
    expect(h.standin.user('alice')?.Id).toBe(body.user.id);
  });

  it('answers an unknown invite alike on the page and the API', async () => {
    expect((await fetch(`${base}/invite/not-a-code`)).status).toBe(404);
    const res = await fetch(`${base}/api/v1/invites/not-a-code`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invite_invalid');
  });

  it('serves /healthz from the real checks and an OpenAPI path for every real command', async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { ok: boolean }).ok).toBe(true);
    const doc = (await (await fetch(`${base}/api/v1/openapi.json`)).json()) as { paths: Record<string, unknown> };
    for (const command of h.app.registry) {
      expect(doc.paths, command.name).toHaveProperty([`/api/v1/commands/${command.name.split(' ').join('.')}`]);
    }
  });

  it('stops accepting a key once it is revoked', async () => {
    const spare = await h.app.services.apiKeys.create('spare', null);
    expect((await api('/api/v1/commands/invite.list', {}, spare.key)).status).toBe(200);
    const unconfirmed = await api('/api/v1/commands/apikey.revoke', { id: spare.view.id });
    expect(unconfirmed.status).toBe(428);
    expect(((await unconfirmed.json()) as { error: { code: string } }).error.code).toBe('confirmation_required');
    expect((await api('/api/v1/commands/invite.list', {}, spare.key)).status).toBe(200);
    expect((await api('/api/v1/commands/apikey.revoke', { id: spare.view.id, confirm: true })).status).toBe(200);
    expect((await api('/api/v1/commands/invite.list', {}, spare.key)).status).toBe(401);
  });

  describe.skipIf(!hasChromium())('in Chromium', () => {
    it('signs up through the page with JavaScript', async () => {
      const code = await createInvite({});
      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        await page.goto(`${base}/invite/${code}`);
        await page.getByLabel('Username').fill('bob');
        await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
        await page.getByLabel('Repeat the password').fill(PASSWORD);
        await page.getByRole('button', { name: 'Create account' }).click();
        await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Welcome, bob!');
        expect(h.standin.user('bob')).toBeTruthy();
      } finally {
        await browser.close();
      }
    });
  });
});
