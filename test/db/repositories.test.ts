import { beforeEach, describe, expect, it } from 'vitest';
import { openMigratedMemoryDatabase, type Db } from '../../src/db/database.ts';
import { createRepositories, inTransaction, isUniqueViolation, type Repositories } from '../../src/db/repositories/index.ts';

const T0 = '2026-11-28T00:00:00.000Z';
const LATER = '2026-12-28T00:00:00.000Z';

function invite(code: string, extra: Partial<Parameters<Repositories['invites']['insert']>[0]> = {}) {
  return { code, label: null, user_label: null, profile_id: null, uses_total: 1, uses_count: 0, expires_at: LATER, account_expiry: null, created_by: null, created_at: T0, revoked_at: null, ...extra };
}

function profile(id: string, name: string) {
  return { id, name, name_key: name.toLowerCase(), policy: '{}', configuration: null, display_prefs: null, is_default: 0, source_user: null, created_at: T0, updated_at: T0 };
}

describe('repositories on a migrated SQLite', () => {
  let db: Db;
  let repos: Repositories;
  beforeEach(async () => {
    db = await openMigratedMemoryDatabase();
    repos = createRepositories(db);
  });

  it('reserveUse takes a use only from a live invite with uses left', async () => {
    await repos.invites.insert(invite('one', { uses_total: 2 }));
    await repos.invites.insert(invite('unlimited', { uses_total: 0, uses_count: 99 }));
    await repos.invites.insert(invite('expired', { expires_at: T0 }));
    await repos.invites.insert(invite('revoked', { revoked_at: T0 }));
    const now = '2026-11-29T00:00:00.000Z';
    expect(await repos.invites.reserveUse('one', now)).toBe(1);
    expect(await repos.invites.reserveUse('one', now)).toBe(1);
    expect(await repos.invites.reserveUse('one', now)).toBe(0);
    expect(await repos.invites.reserveUse('unlimited', now)).toBe(1);
    expect(await repos.invites.reserveUse('expired', now)).toBe(0);
    expect(await repos.invites.reserveUse('revoked', now)).toBe(0);
    expect(await repos.invites.reserveUse('missing', now)).toBe(0);
    expect((await repos.invites.findByCode('one'))?.uses_count).toBe(2);
    expect((await repos.invites.findByCode('unlimited'))?.uses_count).toBe(100);
    expect(await repos.invites.releaseUse('one')).toBe(1);
    expect((await repos.invites.findByCode('one'))?.uses_count).toBe(1);
  });

  it('releaseUse never goes below zero; revoke only once', async () => {
    await repos.invites.insert(invite('a'));
    expect(await repos.invites.releaseUse('a')).toBe(0);
    expect(await repos.invites.revoke('a', T0)).toBe(1);
    expect(await repos.invites.revoke('a', LATER)).toBe(0);
    expect((await repos.invites.findByCode('a'))?.revoked_at).toBe(T0);
  });

  it('invites carry their profile name; deleting the profile sets it null', async () => {
    await repos.profiles.insert(profile('p1', 'Friends'));
    await repos.invites.insert(invite('a', { profile_id: 'p1' }));
    await repos.invites.insert(invite('b', { created_at: LATER }));
    expect((await repos.invites.listNewestFirst()).map((i) => [i.code, i.profile_name])).toEqual([
      ['b', null],
      ['a', 'Friends'],
    ]);
    await repos.profiles.delete('p1');
    expect(await repos.invites.findByCode('a')).toMatchObject({ profile_id: null, profile_name: null });
  });

  it('profile names are unique by key; makeOnlyDefault leaves exactly one default', async () => {
    await repos.profiles.insert(profile('p1', 'One'));
    await repos.profiles.insert(profile('p2', 'Two'));
    const duplicate = await repos.profiles.insert({ ...profile('p3', 'ONE') }).catch((e: unknown) => e);
    expect(isUniqueViolation(duplicate)).toBe(true);
    await repos.profiles.makeOnlyDefault('p2');
    expect((await repos.profiles.findDefault())?.id).toBe('p2');
    await repos.profiles.makeOnlyDefault('p1');
    expect((await repos.profiles.listByName()).map((p) => [p.id, p.is_default])).toEqual([
      ['p1', 1],
      ['p2', 0],
    ]);
    expect(await repos.profiles.count()).toBe(2);
  });

  it('a transaction either writes everything or nothing', async () => {
    await repos.invites.insert(invite('a'));
    const failed = inTransaction(db, async (trx) => {
      await trx.invites.reserveUse('a', T0);
      throw new Error('boom');
    });
    await expect(failed).rejects.toThrow('boom');
    expect((await repos.invites.findByCode('a'))?.uses_count).toBe(0);
  });

  it('signups: conditional state changes, due undos and stuck rows', async () => {
    const row = { invite_code: 'a', username: 'u', jellyfin_user_id: null, error: null, attempts: 0, next_attempt_at: null, created_at: T0, updated_at: T0 };
    await repos.signups.insert({ ...row, id: 's1', state: 'undoing', next_attempt_at: LATER });
    await repos.signups.insert({ ...row, id: 's2', state: 'undoing' });
    await repos.signups.insert({ ...row, id: 's3', state: 'creating', jellyfin_user_id: 'abc' });
    expect((await repos.signups.listUndosDue('2026-12-01T00:00:00.000Z')).map((r) => r.id)).toEqual(['s2']);
    expect((await repos.signups.listUndosDue(LATER)).map((r) => r.id).sort()).toEqual(['s1', 's2']);
    expect((await repos.signups.listStuck(['creating'], '2026-11-29T00:00:00.000Z')).map((r) => r.id)).toEqual(['s3']);
    expect(await repos.signups.listStuck(['creating'], T0)).toEqual([]);
    expect(await repos.signups.updateIfState('s3', ['done'], { state: 'undone' })).toBe(0);
    expect(await repos.signups.updateIfState('s3', ['creating', 'created'], { state: 'undoing' })).toBe(1);
    expect((await repos.signups.listByJellyfinUser('abc')).map((r) => r.state)).toEqual(['undoing']);
  });

  it('api keys by prefix, revoke and touch', async () => {
    const key = { name: 'k', hash: 'h1', created_by: null, created_at: T0, last_used_at: null, revoked_at: null };
    await repos.apiKeys.insert({ ...key, id: 'k1', prefix: 'abcdefgh' });
    await repos.apiKeys.insert({ ...key, id: 'k2', prefix: 'abcdefgh', hash: 'h2' });
    expect((await repos.apiKeys.listByPrefix('abcdefgh')).map((k) => k.id).sort()).toEqual(['k1', 'k2']);
    await repos.apiKeys.revoke('k1', T0);
    await repos.apiKeys.revoke('k1', LATER);
    await repos.apiKeys.touch('k2', LATER);
    expect(await repos.apiKeys.findById('k1')).toMatchObject({ revoked_at: T0 });
    expect(await repos.apiKeys.findById('k2')).toMatchObject({ last_used_at: LATER, revoked_at: null });
  });
});
