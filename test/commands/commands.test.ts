import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../commands/dispatch.ts';
import { registry } from '../../commands/index.ts';
import { parseTokens, tokenize } from '../../commands/parse.ts';
import type { Reply } from '../../commands/reply.ts';
import type { CommandContext } from '../../commands/types.ts';
import { startAppHarness, TEST_PUBLIC_URL, type AppHarness } from '../support/app-harness.ts';

/** The commands against the real services, a migrated SQLite and the Jellyfin stand-in over HTTP. */

let harness: AppHarness;
let ctx: CommandContext;

beforeAll(async () => {
  harness = await startAppHarness();
  ctx = { caller: { surface: 'cli', id: 'local', name: 'tester', isAdmin: true }, services: harness.app.services };
});
afterAll(async () => harness?.close());

function run(line: string): Promise<Reply> {
  return dispatch(registry, ctx, parseTokens(tokenize(line)));
}

function field(reply: Reply, label: string): string | undefined {
  return reply.fields?.find((f) => f.label === label)?.value;
}

describe('invite commands', () => {
  it('create prints the full link on a line of its own and returns the invite as data', async () => {
    const reply = await run('invite create uses:3 valid:7d expiry:30d label:"book club" user_label:club');
    const { invite } = reply.data as { invite: { code: string; link: string; uses_total: number; label: string } };
    expect(invite.link).toBe(`${TEST_PUBLIC_URL}/invite/${invite.code}`);
    expect(reply.text.split('\n')).toContain(invite.link);
    expect(invite).toMatchObject({ uses_total: 3, label: 'book club' });
    expect(field(reply, 'uses')).toBe('0 of 3 used');
    expect(field(reply, 'accounts expire')).toBe('30d after sign-up');
    expect(field(reply, 'created by')).toBe('tester');
  });

  it('uses:0 means unlimited; list shows every invite with its code in the first column', async () => {
    const unlimited = await run('invite create uses:0');
    const code = (unlimited.data as { invite: { code: string } }).invite.code;
    expect(field(unlimited, 'uses')).toBe('unlimited (0 used)');
    const list = await run('invite list');
    expect(list.table?.columns[0]).toBe('code');
    expect(list.table?.rows.map((row) => row[0])).toContain(code);
    expect(list.table?.rows.find((row) => row[0] === code)?.[2]).toBe('0/unlimited');
  });

  it('revoke asks for a confirmation first and changes nothing without it', async () => {
    const created = await run('invite create label:doomed');
    const code = (created.data as { invite: { code: string } }).invite.code;
    await expect(run(`invite revoke ${code}`)).rejects.toMatchObject({
      code: 'confirmation_required',
      message: `This revokes invite ${code} (doomed, 0 of 1 used): its link stops working. Run it again with --yes to confirm.`,
    });
    expect(field(await run(`invite show ${code}`), 'status')).toBe('active');
    const revoked = await run(`invite revoke ${code} confirm:true`);
    expect(field(revoked, 'status')).toBe('revoked');
    expect(field(await run(`invite show code:${code}`), 'status')).toBe('revoked');
  });

  it('a mistyped code is reported as such, before any confirmation is asked for', async () => {
    const error = await run('invite revoke no-such-code').catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'DomainError' });
    expect((error as { code: string }).code).not.toBe('confirmation_required');
  });
});

describe('profile commands', () => {
  beforeAll(() => {
    const [first, second] = harness.standin.libraries();
    harness.standin.addUser('shaper', {
      password: 'x',
      policy: { EnableAllFolders: false, EnabledFolders: [first.Id, second.Id], EnableContentDownloading: false, MaxActiveSessions: 2 },
    });
  });

  it('capture, list, show, default, rename and delete (confirmed) a profile', async () => {
    const captured = await run('profile capture name:Kids from:shaper homescreen:true');
    expect(captured.text).toContain('Profile Kids captured from shaper');
    expect(field(captured, 'home screen')).toBe('included');

    expect((await run('profile list')).table?.rows.map((r) => r[0])).toContain('Kids');

    const shown = await run('profile show Kids');
    expect(field(shown, 'libraries')).toBe('2 chosen');
    expect(field(shown, 'downloads')).toBe('off');
    expect(field(shown, 'max sessions')).toBe('2');
    expect((shown.data as { profile: { policy: Record<string, unknown> } }).profile.policy.MaxActiveSessions).toBe(2);

    expect(field(await run('profile default Kids'), 'default')).toBe('yes');
    expect(field(await run('profile rename Kids to:Children'), 'name')).toBe('Children');

    await expect(run('profile delete Children')).rejects.toMatchObject({ code: 'confirmation_required' });
    expect((await run('profile list')).table?.rows.map((r) => r[0])).toContain('Children');
    expect((await run('profile delete Children confirm:yes')).text).toBe('Profile Children deleted.');
    expect((await run('profile list')).table?.rows.map((r) => r[0])).not.toContain('Children');
  });
});

describe('user commands', () => {
  it('list shows the Jellyfin users; info shows one', async () => {
    const list = await run('user list');
    expect(list.table?.rows.map((r) => r[0])).toEqual(expect.arrayContaining(['admin', 'shaper']));
    const info = await run('user info admin');
    expect(field(info, 'administrator')).toBe('yes');
    expect(field(info, 'id')).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('apikey commands', () => {
  it('create shows the key once, as the last line, in a secret reply; revoke needs a confirmation', async () => {
    const created = await run('apikey create name:"backup script"');
    expect(created.secret).toBe(true);
    const key = created.text.split('\n').at(-1)!;
    expect(key).toBe((created.data as { key: string }).key);
    expect(await harness.app.services.apiKeys.verify(key)).toMatchObject({ name: 'backup script', created_by: 'tester' });

    const { id } = (created.data as { api_key: { id: string } }).api_key;
    const list = await run('apikey list');
    expect(list.table?.rows.find((r) => r[0] === id)?.[1]).toBe('backup script');
    expect(JSON.stringify(list)).not.toContain(key);

    await expect(run(`apikey revoke ${id}`)).rejects.toMatchObject({ code: 'confirmation_required' });
    expect(await harness.app.services.apiKeys.verify(key)).not.toBeNull();
    await run(`apikey revoke ${id} confirm:true`);
    expect(await harness.app.services.apiKeys.verify(key)).toBeNull();
  });
});
