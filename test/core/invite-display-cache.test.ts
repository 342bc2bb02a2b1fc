import { beforeEach, describe, expect, it } from 'vitest';
import { createServices } from '../../src/core/services.ts';
import { silentLogger } from '../../src/log.ts';
import { mediumCore, testConfig, type MediumCore } from './support.ts';

// Page views may reuse an invite read up to a second old; every change this process makes is
// seen at once, and a change made elsewhere (another process on the same database) within a second.
describe('the invite page view cache', () => {
  let core: MediumCore;
  beforeEach(async () => {
    core = await mediumCore();
  });

  it('sees a revoke made by this process at once', async () => {
    const invite = await core.services.invites.create({ uses: 3 });
    await core.services.invites.requireUsable(invite.code);
    await core.services.invites.revoke(invite.code);
    await expect(core.services.invites.requireUsable(invite.code)).rejects.toMatchObject({ code: 'invite_invalid' });
  });

  it('sees the last use taken by a sign-up at once, and a use given back by an undo', async () => {
    const invite = await core.services.invites.create({ uses: 1 });
    await core.services.invites.requireUsable(invite.code);
    await core.services.signup.signup(invite.code, { username: 'alice', password: 'Secret-123' });
    await expect(core.services.invites.requireUsable(invite.code)).rejects.toMatchObject({ code: 'invite_invalid' });

    const second = await core.services.invites.create({ uses: 1 });
    await core.services.invites.requireUsable(second.code);
    core.fake.failNext('createUser');
    await expect(core.services.signup.signup(second.code, { username: 'bob', password: 'Secret-123' })).rejects.toMatchObject({
      code: 'jellyfin_unavailable',
    });
    await expect(core.services.invites.requireUsable(second.code)).resolves.toMatchObject({ uses_left: 1 });
  });

  it('sees a change made by another process within a second', async () => {
    const invite = await core.services.invites.create({ uses: 3 });
    await core.services.invites.requireUsable(invite.code);
    const elsewhere = createServices({ db: core.db, jellyfin: core.fake.asClient(), config: testConfig(), log: silentLogger(), clock: core.clock });
    await elsewhere.invites.revoke(invite.code);

    await expect(core.services.invites.requireUsable(invite.code)).resolves.toMatchObject({ status: 'active' });
    core.clock.advance(1_000);
    await expect(core.services.invites.requireUsable(invite.code)).rejects.toMatchObject({ code: 'invite_invalid' });
  });

  it('never lets the cache admit a sign-up the database refuses', async () => {
    const invite = await core.services.invites.create({ uses: 3 });
    await core.services.invites.requireUsable(invite.code);
    const elsewhere = createServices({ db: core.db, jellyfin: core.fake.asClient(), config: testConfig(), log: silentLogger(), clock: core.clock });
    await elsewhere.invites.revoke(invite.code);
    await expect(core.services.signup.signup(invite.code, { username: 'carol', password: 'Secret-123' })).rejects.toMatchObject({
      code: 'invite_invalid',
    });
  });
});
