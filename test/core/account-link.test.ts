import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatRuntime } from '../../src/core/chat-runtime.ts';
import { jellyfinPasswordCheck } from '../../src/core/jellyfin-password.ts';
import { ChatDeliveries } from '../../src/chat/delivery.ts';
import { registry } from '../../commands/index.ts';
import { startCoreHarness, type CoreHarness } from '../support/core-harness.ts';

/** Linking an existing account by signing in, and the linked-admin check, against the Jellyfin stand-in over HTTP. */

let harness: CoreHarness;
beforeAll(async () => {
  harness = await startCoreHarness({ config: { telegram: { token: '123456:TEST-token' } } });
});
afterAll(async () => harness?.close());

describe('account link through a Jellyfin sign-in', () => {
  it('proves a password by logging in as the user: right → id and name, wrong → null', async () => {
    const id = harness.standin.addUser('grace', { password: 'Secret123' });
    const check = jellyfinPasswordCheck(harness.client);
    expect(await check('Grace', 'Secret123')).toEqual({ id: id.replace(/-/g, '').toLowerCase(), name: 'grace' });
    expect(await check('grace', 'nope')).toBeNull();
    expect(await check('nobody', 'Secret123')).toBeNull();
    expect(await check('', '')).toBeNull();
  });

  it('end to end: /link gives a link, the sign-in binds the chat, and a Jellyfin admin becomes a Doorman admin', async () => {
    harness.standin.addUser('heidi', { password: 'Secret123', policy: { IsAdministrator: true } });
    const services = harness.services;
    const chat = createChatRuntime({ services, registry, jellyfin: harness.client, config: harness.config, deliveries: new ChatDeliveries(), clock: harness.clock, log: harness.log });
    const identity = { platform: 'telegram' as const, userId: '8001', handle: '@heidi', inDm: true };
    const offered = await chat.run(await chat.identify(identity), '/link');
    const token = (offered.data as { url: string }).url.split('/').pop()!;
    await services.contacts.redeemAccountLinkToken({ token, username: 'heidi', password: 'Secret123' });
    const caller = await chat.identify(identity);
    expect(caller.account?.username).toBe('heidi');
    expect(caller.isAdmin).toBe(true);
    expect((await chat.run(caller, '/help')).table!.rows.map((r) => r[0])).toContain('invite create');
  });
});
