import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.ts';
import { mediumCore } from './support.ts';

describe('users', () => {
  it('merges Jellyfin users with what Doorman recorded', async () => {
    const core = await mediumCore();
    const alice = core.fake.addUser('alice', { IsDisabled: true }, {}, { LastActivityDate: '2026-11-27T10:00:00.0000000Z' });
    await core.db
      .insertInto('accounts')
      .values({ jellyfin_user_id: alice.Id, username: 'alice', invite_code: 'abc', profile_id: null, label: 'friends', expires_at: '2027-01-01T00:00:00.000Z', created_at: '2026-11-01T00:00:00.000Z', updated_at: '2026-11-01T00:00:00.000Z' })
      .execute();
    const users = await core.services.users.list();
    expect(users.find((u) => u.name === 'admin')).toMatchObject({ is_admin: true, managed: false, expires_at: null, label: null });
    expect(users.find((u) => u.name === 'alice')).toMatchObject({
      id: alice.Id,
      is_admin: false,
      is_disabled: true,
      managed: true,
      label: 'friends',
      invite_code: 'abc',
      expires_at: '2027-01-01T00:00:00.000Z',
      last_active_at: '2026-11-27T10:00:00.0000000Z',
    });
    expect(await core.services.users.info('ALICE')).toMatchObject({ id: alice.Id, managed: true });
    expect((await core.services.users.info(alice.Id.toUpperCase())).name).toBe('alice');
    const missing = await core.services.users.info('bob').catch((e: unknown) => e);
    expect((missing as DomainError).code).toBe('not_found');
  });
});
