import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.ts';
import { INVITE_INVALID_MESSAGE, newInviteCode } from '../../src/core/invites.ts';
import { mediumCore, testConfig, TEST_PUBLIC_URL, type MediumCore } from './support.ts';

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe('invites', () => {
  let core: MediumCore;
  beforeEach(async () => {
    core = await mediumCore();
  });

  it('creates with the configured defaults: one use, valid 7 days, no profile, no account expiry', async () => {
    const now = core.clock.now().getTime();
    const invite = await core.services.invites.create({ created_by: 'cli' });
    expect(invite).toMatchObject({ status: 'active', uses_total: 1, uses_count: 0, uses_left: 1, profile: null, account_expiry: null, created_by: 'cli' });
    expect(invite.link).toBe(`${TEST_PUBLIC_URL}/invite/${invite.code}`);
    const validMs = Date.parse(invite.expires_at) - now;
    expect(validMs).toBeGreaterThanOrEqual(7 * 86_400_000 - 1000);
    expect(validMs).toBeLessThanOrEqual(7 * 86_400_000 + 1000);
  });

  it('takes its defaults from config.invites', async () => {
    const config = testConfig(undefined, { invites: { default_uses: 0, default_valid: '2d' } });
    const other = await mediumCore({ config });
    const invite = await other.services.invites.create({});
    expect(invite.uses_total).toBe(0);
    expect(invite.uses_left).toBeNull();
    expect(Date.parse(invite.expires_at) - Date.parse(invite.created_at)).toBe(2 * 86_400_000);
  });

  it('keeps uses, validity, expiry, label and user label as given; uses 0 is unlimited', async () => {
    const invite = await core.services.invites.create({ uses: 0, valid: '12h', expiry: '1mo', label: ' friends ', user_label: 'book club' });
    expect(invite).toMatchObject({ uses_total: 0, uses_left: null, account_expiry: '1mo', label: 'friends', user_label: 'book club' });
    expect(Date.parse(invite.expires_at) - Date.parse(invite.created_at)).toBe(12 * 3_600_000);
  });

  it('refuses bad uses, validity and expiry, naming the field', async () => {
    expect((await refusal(core.services.invites.create({ uses: -1 }))).details.field).toBe('uses');
    expect((await refusal(core.services.invites.create({ uses: 1.5 }))).details.field).toBe('uses');
    expect((await refusal(core.services.invites.create({ valid: 'soon' }))).details.field).toBe('valid');
    expect((await refusal(core.services.invites.create({ valid: '0d' }))).details.field).toBe('valid');
    expect((await refusal(core.services.invites.create({ expiry: 'forever' }))).details.field).toBe('expiry');
  });

  it('names the profiles that exist when the one asked for does not', async () => {
    core.fake.addUser('template');
    await core.services.profiles.capture({ name: 'Friends', from: 'template' });
    await core.services.profiles.capture({ name: 'Kids', from: 'template' });
    const error = await refusal(core.services.invites.create({ profile: 'Family' }));
    expect(error.code).toBe('not_found');
    expect(error.message).toContain('Friends, Kids');
    expect((await core.services.invites.create({ profile: 'kids' })).profile).toBe('Kids');
  });

  it('lists newest first and shows redemptions', async () => {
    const first = await core.services.invites.create({ label: 'first' });
    core.clock.advance(1000);
    const second = await core.services.invites.create({ label: 'second' });
    expect((await core.services.invites.list()).map((i) => i.code)).toEqual([second.code, first.code]);
    await core.db
      .insertInto('invite_redemptions')
      .values({ id: 'r1', invite_code: first.code, jellyfin_user_id: 'u1', username: 'alice', redeemed_at: '2026-11-28T00:00:00.000Z' })
      .execute();
    const shown = await core.services.invites.show(first.code);
    expect(shown.redemptions).toEqual([{ username: 'alice', user_id: 'u1', redeemed_at: '2026-11-28T00:00:00.000Z' }]);
  });

  it('revokes, and says not_found for an unknown code', async () => {
    const invite = await core.services.invites.create({});
    const revoked = await core.services.invites.revoke(invite.code);
    expect(revoked.status).toBe('revoked');
    expect(revoked.revoked_at).not.toBeNull();
    expect((await refusal(core.services.invites.revoke('nope'))).code).toBe('not_found');
    expect((await refusal(core.services.invites.show('nope'))).code).toBe('not_found');
  });
});

describe('invite codes (acceptance g)', () => {
  it('are 22 URL-safe characters carrying 128 random bits, unique over many', () => {
    const codes = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const code = newInviteCode();
      expect(code).toMatch(/^[A-Za-z0-9_-]{22}$/);
      codes.add(code);
    }
    expect(codes.size).toBe(20_000);
    // 22 base64url characters hold 132 bits; the last one carries only 2 of the 16 bytes' bits.
    expect(Buffer.from(newInviteCode(), 'base64url')).toHaveLength(16);
  });

  it('gives the identical refusal for unknown, expired, used-up and revoked codes', async () => {
    const core = await mediumCore();
    const expired = await core.services.invites.create({ valid: '1h' });
    const usedUp = await core.services.invites.create({ uses: 2 });
    const revoked = await core.services.invites.create({});
    await sql`update invites set uses_count = 2 where code = ${usedUp.code}`.execute(core.db);
    await core.services.invites.revoke(revoked.code);
    core.clock.advance(3_600_000);
    expect((await core.services.invites.show(expired.code)).status).toBe('expired');
    expect((await core.services.invites.show(usedUp.code)).status).toBe('used_up');

    const refusals = await Promise.all(
      ['x'.repeat(22), expired.code, usedUp.code, revoked.code, ''].map((code) => refusal(core.services.invites.requireUsable(code))),
    );
    for (const error of refusals) {
      expect(error.toJSON()).toEqual({ code: 'invite_invalid', message: INVITE_INVALID_MESSAGE });
      expect(error.status).toBe(404);
    }
  });

  it('accepts a usable code', async () => {
    const core = await mediumCore();
    const invite = await core.services.invites.create({ uses: 0 });
    await sql`update invites set uses_count = 1000 where code = ${invite.code}`.execute(core.db);
    expect((await core.services.invites.requireUsable(invite.code)).status).toBe('active');
  });
});
