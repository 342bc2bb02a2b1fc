import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppHarness, TEST_PUBLIC_URL, type AppHarness } from '../support/app-harness.ts';

let harness: AppHarness;
let base: string;

beforeAll(async () => {
  harness = await startAppHarness();
  base = await harness.app.listen();
  const at = new Date().toISOString();
  await harness.app.db
    .insertInto('accounts')
    .values({ jellyfin_user_id: 'a'.repeat(32), username: 'alice', invite_code: null, profile_id: null, label: null, expires_at: null, created_at: at, updated_at: at, email: 'alice@example.org' })
    .execute();
});

afterAll(async () => {
  await harness?.close();
});

async function announcementsOn(): Promise<number> {
  const row = await harness.app.db.selectFrom('accounts').select('announcements').where('username', '=', 'alice').executeTakeFirstOrThrow();
  return row.announcements;
}

describe('the opt-out link of announcement emails', () => {
  it('asks first, then switches announcement emails off', async () => {
    const url = await harness.app.services.unsubscribe.url('a'.repeat(32));
    expect(url.startsWith(`${TEST_PUBLIC_URL}/unsubscribe/`)).toBe(true);
    const path = url.slice(TEST_PUBLIC_URL.length);

    const page = await fetch(`${base}${path}`);
    expect(page.status).toBe(200);
    const form = await page.text();
    expect(form).toContain('alice');
    expect(form).toContain('method="post"');
    expect(await announcementsOn()).toBe(1);

    const done = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Announcements stopped');
    expect(await announcementsOn()).toBe(0);
  });

  it('refuses a link Doorman did not sign, with a page saying what to do', async () => {
    const url = await harness.app.services.unsubscribe.url('a'.repeat(32));
    const forged = url.slice(TEST_PUBLIC_URL.length).replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    for (const path of [forged, '/unsubscribe/nothing', `/unsubscribe/${'b'.repeat(32)}.x`]) {
      const response = await fetch(`${base}${path}`, { method: 'POST' });
      expect(response.status, path).toBe(404);
      expect(await response.text()).toContain('copy the whole link');
    }
  });
});
