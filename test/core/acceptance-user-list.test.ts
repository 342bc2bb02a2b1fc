import { afterEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.ts';
import { JellyfinClient } from '../../src/jellyfin/client.ts';
import type { JfUser } from '../../src/jellyfin/types.ts';
import { startCoreHarness, type CoreHarness } from '../support/core-harness.ts';

/** A real client whose user list comes back empty, as a broken server's might. */
class EmptyListClient extends JellyfinClient {
  override async listUsers(): Promise<JfUser[]> {
    return [];
  }
}

/** Acceptance (f): a failed or empty user list is reported and never changes a local record. */
describe('user list when Jellyfin misbehaves', () => {
  let harness: CoreHarness;
  afterEach(async () => {
    await harness?.close();
  });

  async function accountsTable(h: CoreHarness) {
    return h.db.selectFrom('accounts').selectAll().orderBy('jellyfin_user_id').execute();
  }

  async function refusal(promise: Promise<unknown>): Promise<DomainError> {
    const error = await promise.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }

  it('a failed list reports jellyfin_unavailable and leaves the accounts table as it was', async () => {
    harness = await startCoreHarness();
    const { services, standin } = harness;
    const invite = await services.invites.create({ uses: 2 });
    await services.signup.signup(invite.code, { username: 'alice', password: 'Secret123' });
    await services.signup.signup(invite.code, { username: 'bob', password: 'Secret123' });
    const before = await accountsTable(harness);
    expect(before).toHaveLength(2);
    expect((await services.users.list()).filter((u) => u.managed).map((u) => u.name).sort()).toEqual(['alice', 'bob']);

    standin.failOn('GET /Users', { times: 10 });
    const listError = await refusal(services.users.list());
    expect(listError.code).toBe('jellyfin_unavailable');
    expect(listError.message).toMatch(/did not answer/);
    expect((await refusal(services.users.info('alice'))).code).toBe('jellyfin_unavailable');
    expect(await accountsTable(harness)).toEqual(before);
  });

  it('an empty list is refused as impossible and leaves the accounts table as it was', async () => {
    harness = await startCoreHarness();
    const invite = await harness.services.invites.create({});
    await harness.services.signup.signup(invite.code, { username: 'alice', password: 'Secret123' });
    const before = await accountsTable(harness);

    const empty = new EmptyListClient(harness.client.options);
    const services = harness.servicesWith(empty);
    const listError = await refusal(services.users.list());
    expect(listError.toJSON()).toEqual({
      code: 'jellyfin_unavailable',
      message: "Jellyfin returned no users, which cannot be right (Doorman's own admin exists); nothing was changed.",
    });
    expect((await refusal(services.users.info('alice'))).code).toBe('jellyfin_unavailable');
    expect(await accountsTable(harness)).toEqual(before);
  });
});
