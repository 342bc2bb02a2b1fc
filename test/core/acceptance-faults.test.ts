import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.ts';
import { SIGNUP_JELLYFIN_MESSAGE, SIGNUP_STORAGE_MESSAGE } from '../../src/core/signup.ts';
import { startCoreHarness, type CoreHarness } from '../support/core-harness.ts';

const ALICE = { username: 'alice', password: 'Secret123' };

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

/** A template with policy, configuration and display preferences, so every saga step runs. */
async function harnessWithProfile(): Promise<{ harness: CoreHarness; code: string }> {
  const harness = await startCoreHarness();
  const id = harness.standin.addUser('template', { policy: { MaxActiveSessions: 1 }, configuration: { SubtitleMode: 'Always' } });
  harness.standin.setDisplayPreferences(id, 'emby', { CustomPrefs: { homesection0: 'nextup' } });
  await harness.services.profiles.capture({ name: 'Default', from: 'template', homescreen: true });
  const invite = await harness.services.invites.create({ uses: 1 });
  return { harness, code: invite.code };
}

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

/**
 * Acceptance (c): a fault at any step after the reservation leaves no Jellyfin user behind, gives
 * the use back and answers a retryable 503; the same sign-up then succeeds.
 */
describe('a fault at each step of the sign-up saga', () => {
  let harness: CoreHarness;
  afterEach(async () => {
    await harness?.close();
  });

  const remoteSteps = ['POST /Users/New', 'POST /Users/{id}/Policy', 'POST /Users/{id}/Configuration', 'POST /DisplayPreferences/{id}'];

  it.each(remoteSteps)('%s failing: nothing left behind, use kept, 503, then the retry works', async (route) => {
    const setup = await harnessWithProfile();
    harness = setup.harness;
    const { standin, services } = harness;
    const namesBefore = standin.userNames();
    standin.failOn(route, { times: 100 });

    const error = await refusal(services.signup.signup(setup.code, ALICE));
    expect(error.toJSON()).toEqual({ code: 'jellyfin_unavailable', message: SIGNUP_JELLYFIN_MESSAGE });
    expect(error.status).toBe(503);
    expect(standin.requestsTo(route).length).toBeGreaterThan(0);
    expect(standin.userNames()).toEqual(namesBefore);
    expect((await services.invites.show(setup.code)).uses_count).toBe(0);
    expect(await harness.db.selectFrom('accounts').selectAll().execute()).toEqual([]);

    standin.clearFaults();
    const { user } = await services.signup.signup(setup.code, ALICE);
    expect(standin.user(user.id)?.Policy.MaxActiveSessions).toBe(1);
    expect((await services.invites.show(setup.code)).uses_count).toBe(1);
  });

  it('the local write failing: nothing left behind, use kept, storage_unavailable 503, then the retry works', async () => {
    const setup = await harnessWithProfile();
    harness = setup.harness;
    const { standin, services, db } = harness;
    const namesBefore = standin.userNames();
    await sql`create trigger accounts_refuse before insert on accounts begin select raise(abort, 'simulated disk failure'); end`.execute(db);

    const error = await refusal(services.signup.signup(setup.code, ALICE));
    expect(error.toJSON()).toEqual({ code: 'storage_unavailable', message: SIGNUP_STORAGE_MESSAGE });
    expect(error.status).toBe(503);
    expect(standin.requestsTo('POST /Users/New')).toHaveLength(1);
    expect(standin.requestsTo('DELETE /Users/{id}')).toHaveLength(1);
    expect(standin.userNames()).toEqual(namesBefore);
    expect((await services.invites.show(setup.code)).uses_count).toBe(0);

    await sql`drop trigger accounts_refuse`.execute(db);
    await services.signup.signup(setup.code, ALICE);
    expect(standin.userNames()).toContain('alice');
    expect((await services.invites.show(setup.code)).uses_count).toBe(1);
  });
});

/**
 * Acceptance (d): the create did its work but never answered, and Jellyfin went down before the
 * undo could run. The undo stays recorded; once Jellyfin is back, resumeUndos removes the orphan
 * and gives the use back.
 */
describe('a create that never answers, then Jellyfin down during the undo', () => {
  let harness: CoreHarness;
  afterEach(async () => {
    await harness?.close();
  });

  it('ends with no orphan once Jellyfin is back, and the use released', async () => {
    const setup = await harnessWithProfile();
    harness = setup.harness;
    const { standin, services, db } = harness;
    standin.hangOn('POST /Users/New');

    const attempt = refusal(services.signup.signup(setup.code, ALICE));
    await waitFor(() => standin.requestsTo('POST /Users/New').length === 1);
    standin.faults.down = true;
    const error = await attempt;
    expect(error.code).toBe('jellyfin_unavailable');

    expect(standin.userNames()).toContain('alice'); // made by the unanswered create
    expect((await services.invites.show(setup.code)).uses_count).toBe(1); // held until the undo is done
    const pending = await db.selectFrom('signups').selectAll().executeTakeFirstOrThrow();
    expect(pending).toMatchObject({ state: 'undoing', username: 'alice', jellyfin_user_id: null });
    expect(pending.attempts).toBeGreaterThanOrEqual(1);
    expect(await services.signup.resumeUndos()).toBe(0); // still down

    standin.clearFaults();
    standin.faults.down = false;
    harness.clock.advance(60_000);
    expect(await services.signup.resumeUndos()).toBe(1);
    expect(standin.userNames()).not.toContain('alice');
    expect(standin.requestsTo('DELETE /Users/{id}')).toHaveLength(1);
    expect((await services.invites.show(setup.code)).uses_count).toBe(0);
    expect((await db.selectFrom('signups').select('state').executeTakeFirstOrThrow()).state).toBe('undone');

    const { user } = await services.signup.signup(setup.code, ALICE);
    expect(standin.user(user.id)?.Name).toBe('alice');
  });

  it('a retried sign-up for the same name first finishes the pending undo', async () => {
    const setup = await harnessWithProfile();
    harness = setup.harness;
    const { standin, services } = harness;
    standin.hangOn('POST /Users/New');
    const attempt = refusal(services.signup.signup(setup.code, ALICE));
    await waitFor(() => standin.requestsTo('POST /Users/New').length === 1);
    standin.faults.down = true;
    await attempt;
    standin.clearFaults();
    standin.faults.down = false;

    // No resumeUndos: the retry itself removes the orphan, frees the use and signs up.
    const { user } = await services.signup.signup(setup.code, { username: 'ALICE', password: 'Secret123' });
    expect(standin.userNames().filter((n) => n.toLowerCase() === 'alice')).toEqual(['ALICE']);
    expect(user.name).toBe('ALICE');
    expect((await services.invites.show(setup.code)).uses_count).toBe(1);
  });
});
