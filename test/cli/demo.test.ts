import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TEMPLATE_USER, startDemo, type Demo } from '../../src/demo.ts';
import { silentLogger } from '../../src/log.ts';

/** The demo's wiring end to end: its printed invite link signs a user up in the stand-in. */

let demo: Demo;
let dataDir: string;
let leftover: string;

beforeAll(async () => {
  dataDir = join(mkdtempSync(join(tmpdir(), 'doorman-demo-')), 'demo');
  mkdirSync(dataDir);
  leftover = join(dataDir, 'left-from-last-time.txt');
  writeFileSync(leftover, 'old');
  demo = await startDemo({ dataDir, port: 0, log: silentLogger() });
});
afterAll(async () => {
  await demo?.close();
  rmSync(join(dataDir, '..'), { recursive: true, force: true });
});

describe('doorman demo', () => {
  it('starts on fresh data and prints a working address, invite link and admin API key', async () => {
    expect(existsSync(leftover)).toBe(false);
    expect(existsSync(join(dataDir, 'doorman.db'))).toBe(true);
    expect(demo.inviteLink.startsWith(`${demo.url}/invite/`)).toBe(true);
    const health = await fetch(`${demo.url}/healthz`);
    expect(health.status).toBe(200);
    const listed = await fetch(`${demo.url}/api/v1/commands/invite.list`, {
      method: 'POST',
      headers: { authorization: `Bearer ${demo.apiKey}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(listed.status).toBe(200);
    const { reply } = (await listed.json()) as { reply: { data: { invites: { link: string; uses_total: number }[] } } };
    expect(reply.data.invites).toEqual([expect.objectContaining({ link: demo.inviteLink, uses_total: 5 })]);
  });

  it('signing up through the printed link creates the user with the template policy and home screen', async () => {
    const page = await fetch(demo.inviteLink);
    expect(page.status).toBe(200);
    const answer = await fetch(demo.inviteLink, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: 'newcomer', password: 'Sunny-Day-42', password_confirm: 'Sunny-Day-42' }).toString(),
    });
    expect(answer.status).toBe(200);

    const template = demo.standin.user(DEMO_TEMPLATE_USER)!;
    const user = demo.standin.user('newcomer');
    expect(user).toBeDefined();
    expect(template.Policy.EnabledFolders).toHaveLength(2);
    expect(user!.Policy).toMatchObject({
      EnableAllFolders: false,
      EnabledFolders: template.Policy.EnabledFolders,
      EnableContentDownloading: false,
      MaxActiveSessions: 2,
      IsAdministrator: false,
    });
    expect(user!.Configuration).toMatchObject({ SubtitleMode: 'Always', PlayDefaultAudioTrack: false });
    const prefs = demo.standin.displayPreferences(user!.Id, 'emby') as { CustomPrefs: Record<string, unknown> };
    expect(prefs.CustomPrefs).toMatchObject({ homesection0: 'resume', homesection1: 'nextup', homesection2: 'latestmedia' });
  });
});
