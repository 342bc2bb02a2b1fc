import { afterEach, describe, expect, it } from 'vitest';
import { ChatDeliveryError } from '../../src/chat/delivery.ts';
import { PIN_TTL_MS } from '../../src/core/pins.ts';
import { errorCode, startChatWorld, type ChatWorld } from './support.ts';

let world: ChatWorld;
afterEach(async () => world?.close());

const alice = { userId: '5001', handle: '@alice' };
const mallory = { userId: '6666', handle: '@mallory' };

async function invite(w: ChatWorld = world): Promise<string> {
  return (await w.services.invites.create({ uses: 3 })).code;
}

async function refusedCode(work: Promise<unknown>): Promise<string> {
  const error = await work.then(() => null, (e: unknown) => e);
  return (error as { code?: string } | null)?.code ?? 'none';
}

describe('page → bot PINs', () => {
  it('a PIN is created for the page, verified by /start PIN in a DM, and seen by the page', async () => {
    world = await startChatWorld();
    const code = await invite();
    const { pin, expires_at } = await world.services.contacts.createPin({ inviteCode: code, platform: 'telegram' });
    expect(pin).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
    expect(new Date(expires_at).getTime() - world.clock.now().getTime()).toBeGreaterThan(PIN_TTL_MS - 5_000);
    expect(await world.services.contacts.pinStatus({ inviteCode: code, platform: 'telegram', pin })).toEqual({ verified: false });
    const reply = await world.say(alice, `/start ${pin}`);
    expect(reply.text).toContain('verified');
    expect(await world.services.contacts.pinStatus({ inviteCode: code, platform: 'telegram', pin: pin.toLowerCase() })).toEqual({ verified: true });
    // The same person again is fine; someone else with the same PIN is not.
    expect((await world.say(alice, `/link ${pin}`)).text).toContain('verified');
    expect(errorCode(await world.say(mallory, `/link ${pin}`))).toBe('pin_invalid');
    // Another invite's page does not see it.
    await expect(world.services.contacts.pinStatus({ inviteCode: await invite(), platform: 'telegram', pin })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('the PIN is never stored in clear', async () => {
    world = await startChatWorld();
    const { pin } = await world.services.contacts.createPin({ inviteCode: await invite(), platform: 'telegram' });
    const rows = await world.db.selectFrom('contact_pins').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(pin);
  });

  it('a bare PIN works in a DM; in a group it is ignored and /link PIN is refused', async () => {
    world = await startChatWorld();
    const code = await invite();
    const { pin } = await world.services.contacts.createPin({ inviteCode: code, platform: 'telegram' });
    expect((await world.say({ ...alice, inDm: false }, pin)).text).toBe('');
    expect(errorCode(await world.say({ ...alice, inDm: false }, `/link ${pin}`))).toBe('dm_only');
    expect(errorCode(await world.say({ ...alice, inDm: false }, `/start ${pin}`))).toBe('dm_only');
    expect(await world.services.contacts.pinStatus({ inviteCode: code, platform: 'telegram', pin })).toEqual({ verified: false });
    expect((await world.say(alice, `${pin.slice(0, 4)}-${pin.slice(4).toLowerCase()}`)).text).toContain('verified');
  });

  it('expires after 10 minutes', async () => {
    world = await startChatWorld();
    const code = await invite();
    const { pin } = await world.services.contacts.createPin({ inviteCode: code, platform: 'telegram' });
    world.clock.advance(PIN_TTL_MS + 1_000);
    expect(errorCode(await world.say(alice, `/link ${pin}`))).toBe('pin_invalid');
    await expect(world.services.contacts.pinStatus({ inviteCode: code, platform: 'telegram', pin })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('a pending PIN survives a restart of Doorman', async () => {
    world = await startChatWorld({ file: true });
    const code = await invite();
    const { pin } = await world.services.contacts.createPin({ inviteCode: code, platform: 'telegram' });
    world = await world.restart();
    expect((await world.say(alice, `/start ${pin}`)).text).toContain('verified');
    world = await world.restart();
    expect(await world.services.contacts.pinStatus({ inviteCode: code, platform: 'telegram', pin })).toEqual({ verified: true });
  });
});

describe('wrong PINs are rate-limited', () => {
  it('in a chat: the sixth try within 10 minutes is refused without checking, even when right', async () => {
    world = await startChatWorld();
    const code = await invite();
    const { pin } = await world.services.contacts.createPin({ inviteCode: code, platform: 'telegram' });
    for (let i = 0; i < 5; i++) expect(errorCode(await world.say(alice, '/link ZZZZZZZZ'))).toBe('pin_invalid');
    const sixth = await world.say(alice, `/link ${pin}`);
    expect(errorCode(sixth)).toBe('rate_limited');
    expect(await world.services.contacts.pinStatus({ inviteCode: code, platform: 'telegram', pin })).toEqual({ verified: false });
    // Another chat is not affected, and the window passes.
    expect(errorCode(await world.say(mallory, '/link ZZZZZZZZ'))).toBe('pin_invalid');
    world.clock.advance(10 * 60_000 + 1_000);
    const fresh = await world.services.contacts.createPin({ inviteCode: code, platform: 'telegram' });
    expect((await world.say(alice, `/link ${fresh.pin}`)).text).toContain('verified');
  });

  it('on the page: per invite and IP', async () => {
    world = await startChatWorld();
    const code = await invite();
    const { pin } = await world.services.contacts.createPin({ inviteCode: code, platform: 'telegram' });
    const status = (p: string, ip: string) => world.services.contacts.pinStatus({ inviteCode: code, platform: 'telegram', pin: p, ip });
    for (let i = 0; i < 5; i++) expect(await refusedCode(status('ZZZZZZZZ', '203.0.113.9'))).toBe('not_found');
    expect(await refusedCode(status(pin, '203.0.113.9'))).toBe('rate_limited');
    expect(await status(pin, '198.51.100.7')).toEqual({ verified: false });
    const rows = await world.db.selectFrom('contact_attempts').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain('203.0.113.9');
  });
});

describe('bot → page PINs', () => {
  it('handle_unknown until the handle sent /start, then the bot DMs a PIN the page accepts', async () => {
    world = await startChatWorld();
    const code = await invite();
    const send = () => world.services.contacts.sendPinDm({ inviteCode: code, platform: 'telegram', handle: '@Alice', ip: '203.0.113.9' });
    const unknown = (await send().then(() => null, (e: unknown) => e)) as { code: string; message: string; status: number };
    expect(unknown).toMatchObject({ code: 'handle_unknown', status: 422 });
    expect(unknown.message).toContain('send /start to @DoormanBot first');
    await world.say(alice, '/start');
    expect(await send()).toMatchObject({ sent: true });
    const dm = world.delivery.lastTo(alice.userId)!;
    expect(dm.secret).toBe(true);
    const pin = /PIN is ([A-Z0-9]{8})/.exec(dm.text)![1];
    expect(await world.services.contacts.pinStatus({ inviteCode: code, platform: 'telegram', pin })).toEqual({ verified: true });
  });

  it('dm_closed when the platform refuses; chat_unavailable when no bot runs', async () => {
    world = await startChatWorld();
    const code = await invite();
    await world.say(alice, '/start');
    world.delivery.failWith = world.delivery.blocked();
    const send = () => world.services.contacts.sendPinDm({ inviteCode: code, platform: 'telegram', handle: 'alice' });
    expect(await send().catch((e: unknown) => e)).toMatchObject({ code: 'dm_closed', status: 409 });
    world.delivery.failWith = new ChatDeliveryError('telegram', 'unavailable', 'ECONNRESET');
    expect(await refusedCode(send())).toBe('chat_unavailable');
    world.deliveries.register(world.delivery)();
    expect(await refusedCode(send())).toBe('chat_unavailable');
  });

  it('an invalid invite or a platform that is off gets no PIN', async () => {
    world = await startChatWorld({ contacts: { telegram: { mode: 'off' } } });
    expect(await refusedCode(world.services.contacts.createPin({ inviteCode: 'nope', platform: 'telegram' }))).toBe('invite_invalid');
    expect(await refusedCode(world.services.contacts.createPin({ inviteCode: await invite(), platform: 'telegram' }))).toBe('not_found');
  });
});
