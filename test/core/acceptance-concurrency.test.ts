import { afterEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.ts';
import { startCoreHarness, type CoreHarness } from '../support/core-harness.ts';

/** Acceptance (b): the reservation is one atomic statement, so a 5-use invite makes 5 accounts. */
describe('50 concurrent sign-ups on a 5-use invite', () => {
  let harness: CoreHarness;
  afterEach(async () => {
    await harness?.close();
  });

  it('make exactly 5 accounts in Jellyfin and refuse 45 with invite_invalid', async () => {
    harness = await startCoreHarness();
    const { services, standin, db } = harness;
    const invite = await services.invites.create({ uses: 5 });
    const before = standin.userNames();

    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => services.signup.signup(invite.code, { username: `guest${String(i).padStart(2, '0')}`, password: 'Secret123' })),
    );

    const made = results.filter((r) => r.status === 'fulfilled');
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(made).toHaveLength(5);
    expect(refused).toHaveLength(45);
    for (const reason of refused) expect(reason).toBeInstanceOf(DomainError);
    expect(new Set(refused.map((r) => (r as DomainError).code))).toEqual(new Set(['invite_invalid']));

    const newNames = standin.userNames().filter((name) => !before.includes(name));
    expect(newNames).toHaveLength(5);
    expect(standin.requestsTo('POST /Users/New')).toHaveLength(5);
    expect(await db.selectFrom('accounts').selectAll().execute()).toHaveLength(5);
    const shown = await services.invites.show(invite.code);
    expect(shown).toMatchObject({ uses_count: 5, status: 'used_up' });
    expect(shown.redemptions.map((r) => r.username).sort()).toEqual(newNames.sort());
  });
});
