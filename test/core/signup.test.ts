import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.ts';
import { SIGNUP_JELLYFIN_MESSAGE, SIGNUP_STORAGE_MESSAGE } from '../../src/core/signup.ts';
import { JellyfinError } from '../../src/jellyfin/errors.ts';
import { createTimeout, mediumCore, type MediumCore } from './support.ts';

const GOOD = { username: 'alice', password: 'Secret123' };

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

async function usesCount(core: MediumCore, code: string): Promise<number> {
  return (await core.services.invites.show(code)).uses_count;
}

async function journal(core: MediumCore) {
  return core.db.selectFrom('signups').selectAll().orderBy('created_at').execute();
}

async function withTemplateProfile(core: MediumCore): Promise<void> {
  const template = core.fake.addUser('template', { EnableAllFolders: false, MaxActiveSessions: 2, IsAdministrator: true }, { OrderedViews: ['v'] });
  core.fake.prefs.set(template.Id, { CustomPrefs: { homesection0: 'nextup' } });
  await core.services.profiles.capture({ name: 'Friends', from: 'template', homescreen: true });
}

describe('sign-up: the happy path', () => {
  it('creates the user, applies the profile from the create answer, records account, redemption and journal', async () => {
    const core = await mediumCore();
    await withTemplateProfile(core);
    const invite = await core.services.invites.create({ uses: 2, expiry: '30d', user_label: 'friends' });
    core.fake.calls.length = 0;
    const result = await core.services.signup.signup(invite.code, { ...GOOD, password_confirm: GOOD.password });

    const user = core.fake.users.get(result.user.id)!;
    expect(user.Name).toBe('alice');
    expect(user.Policy).toMatchObject({ EnableAllFolders: false, MaxActiveSessions: 2, IsAdministrator: false, IsDisabled: false });
    expect(user.Configuration).toMatchObject({ OrderedViews: ['v'], HidePlayedInLatest: true });
    expect(core.fake.prefs.get(result.user.id)).toEqual({ CustomPrefs: { homesection0: 'nextup' } });
    const remote = core.fake.calls.map((c) => c.method).filter((m) => m !== 'serverInfo');
    expect(remote.slice(0, 2)).toEqual(['listUsers', 'createUser']);
    expect([...remote.slice(2)].sort()).toEqual(['setConfiguration', 'setDisplayPreferences', 'setPolicy']);
    expect(remote.indexOf('setPolicy')).toBeLessThan(remote.indexOf('setConfiguration'));

    expect(Date.parse(result.user.expires_at!) - Date.now()).toBeGreaterThan(29 * 86_400_000);
    const account = await core.db.selectFrom('accounts').selectAll().executeTakeFirstOrThrow();
    expect(account).toMatchObject({ jellyfin_user_id: result.user.id, username: 'alice', invite_code: invite.code, label: 'friends', expires_at: result.user.expires_at });
    expect((await core.services.invites.show(invite.code)).redemptions).toMatchObject([{ username: 'alice', user_id: result.user.id }]);
    expect((await journal(core)).map((r) => r.state)).toEqual(['done']);
    expect(await usesCount(core, invite.code)).toBe(1);
  });

  it('without a profile on the invite uses the default one; with no profile at all changes nothing', async () => {
    const bare = await mediumCore();
    const invite = await bare.services.invites.create({});
    await bare.services.signup.signup(invite.code, GOOD);
    expect(bare.fake.countCalls('setPolicy')).toBe(0);

    const core = await mediumCore();
    await withTemplateProfile(core);
    const other = await core.services.invites.create({});
    const { user } = await core.services.signup.signup(other.code, GOOD);
    expect(core.fake.users.get(user.id)!.Policy.MaxActiveSessions).toBe(2);
    expect(user.expires_at).toBeNull();
  });
});

describe('sign-up: checks, in order, before anything is reserved', () => {
  it('invite, then username rules, then password rules, then the confirmation', async () => {
    const core = await mediumCore();
    const invite = await core.services.invites.create({});
    expect((await refusal(core.services.signup.signup('unknown', { username: 'bad name!', password: 'x' }))).code).toBe('invite_invalid');
    const invalid = await refusal(core.services.signup.signup(invite.code, { username: 'bad name!', password: 'x' }));
    expect(invalid).toMatchObject({ code: 'username_invalid', details: { field: 'username' } });
    expect((await refusal(core.services.signup.signup(invite.code, { username: 'alice', password: 'x' }))).code).toBe('password_weak');
    const mismatch = await refusal(core.services.signup.signup(invite.code, { ...GOOD, password_confirm: 'Secret124' }));
    expect(mismatch).toMatchObject({ code: 'validation', details: { field: 'password_confirm' } });
    expect(await journal(core)).toEqual([]);
    expect(core.fake.countCalls('createUser')).toBe(0);
  });

  it('a taken name (any case) is refused by the create step; the use comes back at once', async () => {
    const core = await mediumCore();
    core.fake.addUser('Alice');
    const invite = await core.services.invites.create({});
    expect((await refusal(core.services.signup.signup(invite.code, GOOD))).code).toBe('username_taken');
    expect(core.fake.countCalls('createUser')).toBe(0);
    expect(await usesCount(core, invite.code)).toBe(0);
    expect((await journal(core)).map((r) => r.state)).toEqual(['undone']);
  });
});

describe('sign-up: compensation', () => {
  it('a failed policy write deletes the new user and releases the use', async () => {
    const core = await mediumCore();
    await withTemplateProfile(core);
    const invite = await core.services.invites.create({});
    core.fake.failNext('setPolicy');
    const error = await refusal(core.services.signup.signup(invite.code, GOOD));
    expect(error.toJSON()).toEqual({ code: 'jellyfin_unavailable', message: SIGNUP_JELLYFIN_MESSAGE });
    expect(error.details.retryable).toBe(true);
    expect(await core.fake.findUserByName('alice')).toBeNull();
    expect(await usesCount(core, invite.code)).toBe(0);
    expect((await journal(core))[0]).toMatchObject({ state: 'undone' });
    await core.services.signup.signup(invite.code, GOOD);
    expect(await usesCount(core, invite.code)).toBe(1);
  });

  it('a failed local write deletes the new user and answers storage_unavailable', async () => {
    const core = await mediumCore();
    const invite = await core.services.invites.create({});
    await sql`create trigger accounts_broken before insert on accounts begin select raise(abort, 'disk full'); end`.execute(core.db);
    const error = await refusal(core.services.signup.signup(invite.code, GOOD));
    expect(error.toJSON()).toEqual({ code: 'storage_unavailable', message: SIGNUP_STORAGE_MESSAGE });
    expect(error.status).toBe(503);
    expect(await core.fake.findUserByName('alice')).toBeNull();
    expect(await usesCount(core, invite.code)).toBe(0);
    expect(await core.db.selectFrom('accounts').selectAll().execute()).toEqual([]);
    await sql`drop trigger accounts_broken`.execute(core.db);
    await core.services.signup.signup(invite.code, GOOD);
  });

  it('a create that made the user but gave no answer, with Jellyfin down during the undo, is retried with backoff', async () => {
    const core = await mediumCore({ undo: { backoffBaseMs: 60_000 } });
    const invite = await core.services.invites.create({});
    core.fake.createThenFail = () => {
      core.fake.down = true;
      return createTimeout();
    };
    expect((await refusal(core.services.signup.signup(invite.code, GOOD))).code).toBe('jellyfin_unavailable');
    core.fake.createThenFail = null;
    expect((await journal(core))[0]).toMatchObject({ state: 'undoing', jellyfin_user_id: null, attempts: 1 });
    expect(await usesCount(core, invite.code)).toBe(1);

    core.fake.down = false;
    expect(await core.services.signup.resumeUndos()).toBe(0); // not due yet
    expect(await core.fake.findUserByName('alice')).not.toBeNull();
    core.clock.advance(60_000);
    expect(await core.services.signup.resumeUndos()).toBe(1);
    expect(await core.fake.findUserByName('alice')).toBeNull();
    expect(await usesCount(core, invite.code)).toBe(0);
    expect((await journal(core))[0].state).toBe('undone');
  });

  it('an unanswered create that made nothing only counts as undone once the outcome has settled', async () => {
    const core = await mediumCore({ undo: { settleMs: 30_000 } });
    const invite = await core.services.invites.create({});
    core.fake.failNext('createUser', createTimeout);
    await refusal(core.services.signup.signup(invite.code, GOOD));
    expect((await journal(core))[0].state).toBe('undoing');
    expect(await usesCount(core, invite.code)).toBe(1);
    // The person retries at once: the earlier attempt cannot be settled yet, so they are asked to wait.
    expect((await refusal(core.services.signup.signup(invite.code, GOOD))).code).toBe('jellyfin_unavailable');
    core.clock.advance(30_000);
    const { user } = await core.services.signup.signup(invite.code, GOOD);
    expect(user.name).toBe('alice');
    expect((await journal(core)).map((r) => r.state)).toEqual(['undone', 'done']);
    expect(await usesCount(core, invite.code)).toBe(1);
  });

  it('a create answered with an error is looked up by name at once', async () => {
    const core = await mediumCore();
    const invite = await core.services.invites.create({});
    core.fake.failNext('createUser', () => new JellyfinError('unavailable', '500', { method: 'POST', path: '/Users/New', status: 500 }));
    await refusal(core.services.signup.signup(invite.code, GOOD));
    expect((await journal(core))[0].state).toBe('undone');
    expect(await usesCount(core, invite.code)).toBe(0);
  });
});

describe('sign-up: crashes mid-saga', () => {
  async function stuckRow(core: MediumCore, code: string, state: 'reserved' | 'creating' | 'created', username: string, userId: string | null) {
    const at = core.clock.now().toISOString();
    await sql`update invites set uses_count = uses_count + 1 where code = ${code}`.execute(core.db);
    await core.db
      .insertInto('signups')
      .values({ id: `${state}-${username}`, invite_code: code, username, state, jellyfin_user_id: userId, error: null, attempts: 0, next_attempt_at: null, created_at: at, updated_at: at })
      .execute();
  }

  it('rows left in flight are undone by resumeUndos after a few minutes, never sooner', async () => {
    const core = await mediumCore();
    const invite = await core.services.invites.create({ uses: 0 });
    const halfMade = core.fake.addUser('bob');
    const created = core.fake.addUser('carol');
    await stuckRow(core, invite.code, 'reserved', 'ann', null);
    await stuckRow(core, invite.code, 'creating', 'bob', null);
    await stuckRow(core, invite.code, 'created', 'carol', created.Id);
    expect(await core.services.signup.resumeUndos()).toBe(0);
    expect(await usesCount(core, invite.code)).toBe(3);

    core.clock.advance(5 * 60_000 + 1000);
    expect(await core.services.signup.resumeUndos()).toBe(2);
    expect(core.fake.users.has(halfMade.Id)).toBe(false);
    expect(core.fake.users.has(created.Id)).toBe(false);
    expect(await usesCount(core, invite.code)).toBe(0);
    expect((await journal(core)).map((r) => r.state)).toEqual(['undone', 'undone', 'undone']);
  });

  it('a found-by-name user that is not ours (recorded, admin or already used) is left alone', async () => {
    const core = await mediumCore();
    const invite = await core.services.invites.create({ uses: 0 });
    const recorded = core.fake.addUser('dave');
    const loggedIn = core.fake.addUser('erin', {}, {}, { LastLoginDate: '2026-11-01T00:00:00.0000000Z' });
    const at = core.clock.now().toISOString();
    await core.db.insertInto('accounts').values({ jellyfin_user_id: recorded.Id, username: 'dave', invite_code: null, profile_id: null, label: null, expires_at: null, created_at: at, updated_at: at }).execute();
    await stuckRow(core, invite.code, 'creating', 'dave', null);
    await stuckRow(core, invite.code, 'creating', 'erin', null);
    core.clock.advance(10 * 60_000);
    expect(await core.services.signup.resumeUndos()).toBe(2);
    expect(core.fake.users.has(recorded.Id)).toBe(true);
    expect(core.fake.users.has(loggedIn.Id)).toBe(true);
    expect(await usesCount(core, invite.code)).toBe(0);
  });
});
