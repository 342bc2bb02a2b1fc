import { afterEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.ts';
import { startCoreHarness, type CoreHarness } from '../support/core-harness.ts';

/** Acceptance (e): names Jellyfin would refuse never reach POST /Users/New. */
describe('usernames refused before any create', () => {
  let harness: CoreHarness;
  afterEach(async () => {
    await harness?.close();
  });

  async function refusal(promise: Promise<unknown>): Promise<DomainError> {
    const error = await promise.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }

  it('an invalid name and a case-insensitive duplicate are refused without POST /Users/New', async () => {
    harness = await startCoreHarness({ standin: { version: '10.10' } });
    const { services, standin } = harness;
    standin.addUser('Alice', { password: 'x' });
    const invite = await services.invites.create({ uses: 0 });
    standin.clearRequests();

    const invalid = await refusal(services.signup.signup(invite.code, { username: 'alice/../admin', password: 'Secret123' }));
    expect(invalid).toMatchObject({ code: 'username_invalid', details: { field: 'username' } });
    expect(invalid.status).toBe(422);
    // `+` is allowed only from 10.11 on; this stand-in is 10.10.
    expect((await refusal(services.signup.signup(invite.code, { username: 'bob+tv', password: 'Secret123' }))).code).toBe('username_invalid');

    const taken = await refusal(services.signup.signup(invite.code, { username: 'aLiCe', password: 'Secret123' }));
    expect(taken).toMatchObject({ code: 'username_taken', details: { field: 'username' } });
    expect(taken.status).toBe(409);

    expect(standin.requestsTo('POST /Users/New')).toEqual([]);
    expect((await services.invites.show(invite.code)).uses_count).toBe(0);
    expect(standin.userNames().filter((n) => n.toLowerCase() === 'alice')).toEqual(['Alice']);
  });
});
