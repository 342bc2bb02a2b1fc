import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../commands/reply.ts';
import { ChatDeliveryError, type ChatDelivery } from '../../src/chat/delivery.ts';
import { createApp, type App } from '../../src/app.ts';
import { JellyfinStandin } from '../../src/jellyfin/standin/index.ts';
import { silentLogger } from '../../src/log.ts';
import { readTestConfig, STANDIN_ADMIN, writeTestConfig, type TestConfigFile } from '../support/app-harness.ts';
import { attrOf, decode, fieldErrors, inputTag } from '../support/http-page.ts';

const PASSWORD = 'Corr3ct-Horse-Battery';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** A Telegram delivery as an adapter registers it: records what it was asked to send, or refuses. */
class RecordingDelivery implements ChatDelivery {
  readonly platform = 'telegram' as const;
  readonly botHandle = 'DoormanBot';
  readonly sent: { userId: string; reply: Reply }[] = [];
  readonly blocked = new Set<string>();

  async sendDirect(userId: string, reply: Reply): Promise<void> {
    if (this.blocked.has(userId)) throw new ChatDeliveryError('telegram', 'closed', 'Forbidden: bot was blocked by the user');
    this.sent.push({ userId, reply });
  }
}

/**
 * The real composition (createApp: SQLite, the real contact core, the Jellyfin stand-in) with
 * contacts.telegram required: what the sign-up page and the PIN routes do end to end.
 */
describe('contact linking end to end', () => {
  let standin: JellyfinStandin;
  let configFile: TestConfigFile;
  let app: App;
  let base: string;
  const delivery = new RecordingDelivery();

  beforeAll(async () => {
    standin = await JellyfinStandin.start({ admin: STANDIN_ADMIN });
    configFile = writeTestConfig(standin.url, { telegram: { token: '123456:TEST-token' }, contacts: { telegram: { mode: 'required' } } });
    app = await createApp(readTestConfig(configFile.file), { log: silentLogger() });
    base = await app.listen();
    app.deliveries.register(delivery);
  });
  afterAll(async () => {
    await app?.close();
    await standin?.close();
    configFile?.remove();
  });

  const form = (path: string, fields: Record<string, string>) =>
    fetch(`${base}${path}`, { method: 'POST', headers: FORM, body: new URLSearchParams(fields).toString() });
  const json = (path: string, body: unknown) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('page → bot: refused without a PIN, the PIN made on the page and verified by the bot, then the account is made and linked', async () => {
    const { code } = await app.services.invites.create({ uses: 3 });
    const typed = { username: 'carol', password: PASSWORD, password_confirm: PASSWORD };

    const refused = await form(`/invite/${code}`, typed);
    expect(refused.status).toBe(422);
    const refusedPage = await refused.text();
    expect(fieldErrors(refusedPage, 'telegram')?.[0]).toContain('Link your Telegram account first');
    expect(standin.requestsTo('POST /Users/New')).toHaveLength(0);

    const withPin = await form(`/invite/${code}/contacts/telegram/pin`, typed);
    expect(withPin.status).toBe(200);
    const pin = attrOf(inputTag(await withPin.text(), 'telegram_pin'), 'value')!;
    expect(pin).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    const status = (path: string) => fetch(`${base}/api/v1/invites/${code}/contacts/telegram/pin/${path}`);
    expect(await (await status(pin)).json()).toEqual({ verified: false });

    // The bot got `/link PIN` from this Telegram account.
    const carol = { platform: 'telegram' as const, userId: '7001', handle: '@carol', inDm: true };
    await app.services.contacts.see(carol);
    await app.services.contacts.verifyPin(carol, pin);
    expect(await (await status(pin)).json()).toEqual({ verified: true });

    const created = await form(`/invite/${code}`, { ...typed, telegram_pin: pin });
    expect(created.status).toBe(200);
    expect(decode(await created.text())).toContain('Welcome, <span data-slot="name">carol</span>!');
    const user = standin.user('carol');
    expect(user).toBeTruthy();
    const contact = await app.services.contacts.view(carol);
    expect(contact.account).toMatchObject({ jellyfinUserId: user!.Id, username: 'carol' });
    expect((await status(pin)).status).toBe(404); // used up
  });

  it('bot → page: the bot DMs a PIN to a handle that wrote to it, and the JSON sign-up carries it with the handle', async () => {
    const { code } = await app.services.invites.create({ uses: 1 });
    const dave = { platform: 'telegram' as const, userId: '7002', handle: '@dave', inDm: true };
    await app.services.contacts.see(dave);

    const stranger = await json(`/api/v1/invites/${code}/contacts/telegram/dm`, { handle: '@nobody' });
    expect(stranger.status).toBe(422);
    const strangerError = ((await stranger.json()) as { error: { code: string; message: string } }).error;
    expect(strangerError.code).toBe('handle_unknown');
    expect(strangerError.message).toContain('send /start to @DoormanBot first');

    delivery.blocked.add('7002');
    const closed = await json(`/api/v1/invites/${code}/contacts/telegram/dm`, { handle: '@dave' });
    expect(closed.status).toBe(409);
    expect(((await closed.json()) as { error: { code: string } }).error.code).toBe('dm_closed');
    delivery.blocked.clear();

    const sent = await json(`/api/v1/invites/${code}/contacts/telegram/dm`, { handle: '@dave' });
    expect(sent.status).toBe(200);
    expect(await sent.json()).toEqual({ sent: true });
    const message = delivery.sent.at(-1)!;
    expect(message.userId).toBe('7002');
    const pin = /PIN is ([2-9A-Z]{8})/.exec(message.reply.text)?.[1];
    expect(pin).toBeTruthy();

    const created = await json(`/api/v1/invites/${code}/signup`, { username: 'dave', password: PASSWORD, contacts: { telegram: { pin, handle: '@dave' } } });
    expect(created.status).toBe(201);
    expect((await app.services.contacts.view(dave)).account?.username).toBe('dave');
  });

  it('/link/{token}: an existing Jellyfin user signs in on the page and the chat account is linked', async () => {
    const erin = { platform: 'telegram' as const, userId: '7003', handle: '@erin', inDm: true };
    await app.services.contacts.see(erin);
    const { url } = await app.services.contacts.createAccountLinkToken(erin);
    const path = new URL(url).pathname;
    expect(path).toMatch(/^\/link\/[A-Za-z0-9_-]+$/);

    const page = await fetch(`${base}${path}`);
    expect(page.status).toBe(200);
    expect(decode(await page.text())).toContain('Telegram @erin');

    const wrong = await form(path, { username: STANDIN_ADMIN.name, password: 'not-it' });
    expect(wrong.status).toBe(401);
    expect(decode(await wrong.text())).toContain('did not sign in to Jellyfin');
    expect((await app.services.contacts.view(erin)).account).toBeNull();

    const right = await form(path, { username: STANDIN_ADMIN.name, password: STANDIN_ADMIN.password });
    expect(right.status).toBe(200);
    expect(decode((await right.text()).replace(/<[^>]+>/g, ''))).toContain(`Telegram @erin is now linked to ${STANDIN_ADMIN.name}.`);
    expect((await app.services.contacts.view(erin)).account?.username).toBe(STANDIN_ADMIN.name);
    expect((await fetch(`${base}${path}`)).status).toBe(404);
  });
});
