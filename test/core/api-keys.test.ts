import { describe, expect, it } from 'vitest';
import { hashApiKey } from '../../src/core/api-keys.ts';
import { DomainError } from '../../src/core/errors.ts';
import { mediumCore } from './support.ts';

describe('API keys (acceptance h)', () => {
  it('are dm_ + 43 base64url characters and stored only as their SHA-256', async () => {
    const core = await mediumCore();
    const { key, view } = await core.services.apiKeys.create('backup script', 'cli');
    expect(key).toMatch(/^dm_[A-Za-z0-9_-]{43}$/);
    expect(view).toMatchObject({ name: 'backup script', prefix: key.slice(3, 11), created_by: 'cli', revoked_at: null, last_used_at: null });
    const rows = await core.db.selectFrom('api_keys').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0].hash).toBe(hashApiKey(key));
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(key);
    expect(stored).not.toContain(key.slice(3));
  });

  it('verify accepts the key, records its use, and refuses anything else', async () => {
    const core = await mediumCore();
    const { key, view } = await core.services.apiKeys.create('ci', null);
    const verified = await core.services.apiKeys.verify(key);
    expect(verified?.id).toBe(view.id);
    expect(verified?.last_used_at).not.toBeNull();
    expect((await core.services.apiKeys.list())[0].last_used_at).toBe(verified?.last_used_at);
    const tampered = key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A');
    for (const wrong of [tampered, '', 'dm_', key.slice(3), `${key}x`, 'Bearer ' + key]) {
      expect(await core.services.apiKeys.verify(wrong)).toBeNull();
    }
  });

  it('a revoked key no longer verifies; revoke takes the id or the prefix', async () => {
    const core = await mediumCore();
    const first = await core.services.apiKeys.create('one', null);
    const second = await core.services.apiKeys.create('two', null);
    expect((await core.services.apiKeys.revoke(first.view.id)).revoked_at).not.toBeNull();
    expect(await core.services.apiKeys.verify(first.key)).toBeNull();
    expect(await core.services.apiKeys.verify(second.key)).not.toBeNull();
    await core.services.apiKeys.revoke(`dm_${second.view.prefix}`);
    expect(await core.services.apiKeys.verify(second.key)).toBeNull();
  });

  it('an unknown or ambiguous prefix is refused', async () => {
    const core = await mediumCore();
    await core.services.apiKeys.create('one', null);
    await core.services.apiKeys.create('two', null);
    await core.db.updateTable('api_keys').set({ prefix: 'samepref' }).execute();
    const ambiguous = await core.services.apiKeys.revoke('same').catch((e: unknown) => e);
    expect(ambiguous).toBeInstanceOf(DomainError);
    expect((ambiguous as DomainError).code).toBe('conflict');
    const unknown = await core.services.apiKeys.revoke('zzzzzz').catch((e: unknown) => e);
    expect((unknown as DomainError).code).toBe('not_found');
    expect((await core.services.apiKeys.list()).every((k) => k.revoked_at === null)).toBe(true);
  });
});
