import { beforeEach, describe, expect, it } from 'vitest';
import { openMigratedMemoryDatabase } from '../../src/db/database.ts';
import { createRepositories, isUniqueViolation, type Repositories } from '../../src/db/repositories/index.ts';

const T0 = '2026-11-28T00:00:00.000Z';
const T1 = '2026-11-28T00:05:00.000Z';

function identity(userId: string, handle: string | null, seen = T0) {
  return { platform: 'telegram', user_id: userId, handle, handle_key: handle?.replace(/^@/, '').toLowerCase() ?? null, lang: null, notify: 1, jellyfin_user_id: null, linked_at: null, first_seen_at: seen, last_seen_at: seen };
}

describe('chat repositories on a migrated SQLite', () => {
  let repos: Repositories;
  beforeEach(async () => {
    repos = createRepositories(await openMigratedMemoryDatabase());
  });

  it('identities: a sighting refreshes the handle but keeps preferences and the link', async () => {
    await repos.chatIdentities.upsertSeen(identity('1', '@old'));
    await repos.chatIdentities.setPreferences('telegram', '1', { lang: 'de', notify: 0 });
    await repos.chatIdentities.setLink('telegram', '1', 'abc', T0);
    await repos.chatIdentities.upsertSeen(identity('1', '@New', T1));
    await repos.chatIdentities.insertIfMissing(identity('1', null, T1));
    expect(await repos.chatIdentities.find('telegram', '1')).toMatchObject({ handle: '@New', handle_key: 'new', lang: 'de', notify: 0, jellyfin_user_id: 'abc', first_seen_at: T0, last_seen_at: T1 });
    expect((await repos.chatIdentities.findByHandle('telegram', 'new'))?.user_id).toBe('1');
    expect(await repos.chatIdentities.findByHandle('telegram', 'old')).toBeUndefined();
    expect((await repos.chatIdentities.listByAccount('abc')).map((r) => r.user_id)).toEqual(['1']);
  });

  it('PINs: unique hashes, verified once, consumed once', async () => {
    const pin = { id: 'p1', pin_hash: 'h1', platform: 'telegram', invite_code: 'c', direction: 'page_to_bot' as const, user_id: null, handle: null, created_at: T0, expires_at: T1, verified_at: null, consumed_at: null };
    await repos.contactPins.insert(pin);
    expect(isUniqueViolation(await repos.contactPins.insert({ ...pin, id: 'p2' }).catch((e: unknown) => e))).toBe(true);
    expect(await repos.contactPins.markVerified('p1', '42', '@a', T1)).toBe(1);
    expect(await repos.contactPins.markVerified('p1', '43', '@b', T1)).toBe(0);
    expect(await repos.contactPins.consume('p1', T1)).toBe(1);
    expect(await repos.contactPins.consume('p1', T1)).toBe(0);
    expect(await repos.contactPins.findByHash('h1')).toMatchObject({ user_id: '42', verified_at: T1, consumed_at: T1 });
    await repos.contactPins.deleteCreatedBefore(T1);
    expect(await repos.contactPins.findByHash('h1')).toBeUndefined();
  });

  it('attempts are counted per scope within the window; link tokens are used once', async () => {
    await repos.contactAttempts.insert({ id: 'a1', scope: 's', at: T0 });
    await repos.contactAttempts.insert({ id: 'a2', scope: 's', at: T1 });
    await repos.contactAttempts.insert({ id: 'a3', scope: 'other', at: T1 });
    expect(await repos.contactAttempts.countSince('s', '2026-11-28T00:01:00.000Z')).toBe(1);
    await repos.contactAttempts.deleteBefore(T1);
    expect(await repos.contactAttempts.countSince('s', '2000-01-01T00:00:00.000Z')).toBe(1);
    await repos.accountLinkTokens.insert({ token_hash: 't', platform: 'telegram', user_id: '1', created_at: T0, expires_at: T1, used_at: null });
    expect(await repos.accountLinkTokens.markUsed('t', T1)).toBe(1);
    expect(await repos.accountLinkTokens.markUsed('t', T1)).toBe(0);
  });
});
