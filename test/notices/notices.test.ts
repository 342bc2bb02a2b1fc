import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../commands/dispatch.ts';
import { registry } from '../../commands/index.ts';
import { parseTokens, tokenize } from '../../commands/parse.ts';
import type { Reply } from '../../commands/reply.ts';
import { NoticeService } from '../../src/core/notices.ts';
import { silentLogger } from '../../src/log.ts';
import { MessageCatalogue } from '../../src/messages/catalogue.ts';
import { Outbox } from '../../src/outbox/outbox.ts';
import { startCoreHarness, type CoreHarness } from '../support/core-harness.ts';

/**
 * Notices as the outbox receives them: the rows written in the transaction of the change that
 * caused them, in each recipient's language, to the channels they linked. Delivery itself is the
 * outbox's (test/outbox); here the assertion is on what was queued.
 */

const EMAIL = { smtp: { host: '127.0.0.1', port: 2525, starttls: false }, from: 'Doorman <doorman@example.org>' };
const TELEGRAM = { token: '123:abc' };

let harness: CoreHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function start(config: Record<string, unknown> = {}): Promise<CoreHarness> {
  harness = await startCoreHarness({ config: { email: EMAIL, telegram: TELEGRAM, admins: { telegram: ['111'] }, ...config } });
  return harness;
}

interface QueuedRow {
  platform: string;
  target: string;
  message_id: string;
  subject?: string;
  markdown: string;
  unsubscribeUrl?: string;
}

async function queued(h: CoreHarness): Promise<QueuedRow[]> {
  const rows = await h.db.selectFrom('outbox').selectAll().orderBy('created_at').execute();
  return rows.map((row) => ({ platform: row.platform, target: row.target, message_id: row.message_id, ...(JSON.parse(row.content) as { markdown: string }) }));
}

async function signUp(h: CoreHarness, username: string, extra: { email?: string; uses?: number } = {}): Promise<string> {
  const invite = await h.services.invites.create({ uses: extra.uses ?? 1 });
  const result = await h.services.signup.signup(invite.code, { username, password: 'Secret123!', email: extra.email });
  return result.user.id;
}

async function linkChat(h: CoreHarness, jellyfinUserId: string, platform: string, userId: string, prefs: { lang?: string; notify?: number } = {}): Promise<void> {
  const at = new Date().toISOString();
  await h.db
    .insertInto('chat_identities')
    .values({ platform, user_id: userId, handle: null, handle_key: null, lang: prefs.lang ?? null, notify: prefs.notify ?? 1, jellyfin_user_id: jellyfinUserId, linked_at: at, first_seen_at: at, last_seen_at: at })
    .execute();
}

/** A NoticeService on the harness's database, for events no command raises yet (account_disabled). */
function noticesOf(h: CoreHarness): NoticeService {
  const catalogue = new MessageCatalogue({ defaultLanguage: h.config.messages.language, timezone: h.config.messages.timezone });
  return new NoticeService({ config: h.config, outbox: new Outbox(h.db, h.clock), catalogue, log: silentLogger() });
}

function run(h: CoreHarness, line: string): Promise<Reply> {
  return dispatch(registry, { caller: { surface: 'cli', id: 'local', name: 'tester', isAdmin: true }, services: h.services }, parseTokens(tokenize(line)));
}

describe('notices of a sign-up', () => {
  it('queues the welcome by email, tells the admins, and says when the invite is used up', async () => {
    const h = await start();
    await signUp(h, 'alice', { email: 'alice@example.org' });
    const rows = await queued(h);
    const welcome = rows.find((row) => row.message_id === 'welcome');
    expect(welcome).toMatchObject({ platform: 'email', target: 'alice@example.org' });
    expect(welcome?.markdown).toContain('alice');
    expect(welcome?.subject).toBeTruthy();
    expect(rows.filter((row) => row.message_id === 'admin_user_created')).toEqual([expect.objectContaining({ platform: 'telegram', target: '111' })]);
    expect(rows.find((row) => row.message_id === 'admin_user_created')?.markdown).toContain('alice');
    expect(rows.filter((row) => row.message_id === 'admin_invite_used_up')).toHaveLength(1);
    const account = await h.db.selectFrom('accounts').select('email').where('username', '=', 'alice').executeTakeFirstOrThrow();
    expect(account.email).toBe('alice@example.org');
  });

  it('a sign-up without email or chat queues no welcome and no "could not reach" notice', async () => {
    const h = await start();
    await signUp(h, 'bob', { uses: 5 });
    const rows = await queued(h);
    expect(rows.map((row) => row.message_id)).toEqual(['admin_user_created']);
  });

  it('refuses an email address that cannot be one, before anything is created', async () => {
    const h = await start();
    const invite = await h.services.invites.create({ uses: 1 });
    await expect(h.services.signup.signup(invite.code, { username: 'carol', password: 'Secret123!', email: 'carol at home' })).rejects.toMatchObject({ code: 'validation', details: { field: 'email' } });
    expect(h.standin.userNames()).not.toContain('carol');
    expect(await queued(h)).toEqual([]);
  });

  it('admin notices follow notify.admin_channels, and each type can be switched off', async () => {
    const h = await start({ notify: { admin_channels: [{ platform: 'telegram', target: '-100200' }, { platform: 'email', target: 'admins@example.org' }], events: { admin_invite_used_up: false } } });
    await signUp(h, 'dave');
    const rows = await queued(h);
    expect(rows.filter((row) => row.message_id === 'admin_user_created').map((row) => `${row.platform}:${row.target}`)).toEqual(['telegram:-100200', 'email:admins@example.org']);
    expect(rows.some((row) => row.message_id === 'admin_invite_used_up')).toBe(false);
  });
});

describe('invite expired', () => {
  it('tells the admins once when an invite runs out of time, not when it was used up first', async () => {
    const h = await start();
    const lapsing = await h.services.invites.create({ uses: 3, valid: '1h', label: 'book club' });
    const usedUp = await h.services.invites.create({ uses: 1, valid: '1h' });
    await h.services.signup.signup(usedUp.code, { username: 'kim', password: 'Secret123!' });
    expect(await h.services.jobs!.inviteExpiry.sweep()).toBe(0);

    h.clock.advance(2 * 3_600_000);
    expect(await h.services.jobs!.inviteExpiry.sweep()).toBe(1);
    await h.services.jobs!.inviteExpiry.sweep();
    const expired = (await queued(h)).filter((row) => row.message_id === 'admin_invite_expired');
    expect(expired).toHaveLength(1);
    expect(expired[0].markdown).toContain(lapsing.code);
    expect(expired[0].markdown).toContain('book club');
  });
});

describe('announcements', () => {
  it('previews who gets it, asks for a confirmation, then queues each copy in its reader\'s language', async () => {
    const h = await start();
    const erin = await signUp(h, 'erin', { uses: 3 });
    const frank = await signUp(h, 'frank', { email: 'frank@example.org', uses: 3 });
    await signUp(h, 'gina', { uses: 3 });
    await linkChat(h, erin, 'telegram', '501', { lang: 'de' });
    await h.db.deleteFrom('outbox').execute();

    const refused = await run(h, 'announce erin frank gina message:"Hello {username}, movie night at 8"').catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'confirmation_required' });
    expect((refused as Error).message).toContain('matches 3 users; 2 can be reached');
    expect((refused as Error).message).toContain('Not reachable: gina');
    expect((refused as Error).message).toContain('Hello erin, movie night at 8');
    expect(await queued(h)).toEqual([]);

    const reply = await run(h, 'announce erin frank gina message:"Hello {username}, movie night at 8" confirm:yes');
    expect(reply.text).toContain('2 messages to 2 people');
    const rows = await queued(h);
    expect(rows.map((row) => `${row.platform}:${row.target}`).sort()).toEqual(['email:frank@example.org', 'telegram:501']);
    const german = rows.find((row) => row.platform === 'telegram');
    expect(german?.markdown).toContain('Hello erin, movie night at 8');
    expect(german?.markdown).toContain('Hallo');
    const email = rows.find((row) => row.platform === 'email');
    expect(email?.markdown).toContain('Hello frank');
    expect(email?.unsubscribeUrl).toMatch(/\/unsubscribe\/[0-9a-f]+\./);
  });

  it('skips an opted-out email and a chat with notices off; selects by label', async () => {
    const h = await start();
    const invite = await h.services.invites.create({ uses: 2, user_label: 'friends' });
    const hana = (await h.services.signup.signup(invite.code, { username: 'hana', password: 'Secret123!', email: 'hana@example.org' })).user.id;
    const ivan = (await h.services.signup.signup(invite.code, { username: 'ivan', password: 'Secret123!' })).user.id;
    await linkChat(h, ivan, 'telegram', '777', { notify: 0 });
    await h.services.unsubscribe.redeem((await h.services.unsubscribe.url(hana)).split('/').pop()!);
    const preview = await h.services.announcements.preview('label=friends', 'Hi');
    expect(preview).toMatchObject({ matched: 2, reachable: 0, unreachable: ['hana', 'ivan'] });
    await h.db.deleteFrom('outbox').execute();
    const sent = await h.services.announcements.send('label=friends', 'Hi');
    expect(sent.queued).toBe(0);
    expect(await queued(h)).toEqual([]);
    // Opting out of announcements is not opting out of everything: account notices still reach the email.
    await h.db.transaction().execute((trx) => noticesOf(h).toAccount(trx, { jellyfinUserId: hana, messageId: 'account_disabled', vars: { username: 'hana' }, eventKey: 'disabled:hana' }));
    expect((await queued(h)).map((row) => `${row.platform}:${row.target}`)).toEqual(['email:hana@example.org']);
  });

  it('saves, lists, sends and deletes a named announcement', async () => {
    const h = await start();
    const jo = await signUp(h, 'jo', { uses: 2 });
    await linkChat(h, jo, 'telegram', '901');
    await h.db.deleteFrom('outbox').execute();
    expect((await run(h, 'announce template save restart message:"Restart at 2am, {username}."')).text).toContain('Saved as restart');
    expect((await run(h, 'announce template list')).table?.rows.map((row) => row[0])).toEqual(['restart']);
    await run(h, 'announce template send restart jo confirm:yes');
    expect((await queued(h)).map((row) => row.markdown).join('\n')).toContain('Restart at 2am, jo.');
    await run(h, 'announce template delete restart');
    await expect(run(h, 'announce template send restart jo confirm:yes')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('nobody matching sends nothing and says so', async () => {
    const h = await start();
    await expect(run(h, 'announce label=nobody message:"hi" confirm:yes')).rejects.toMatchObject({ code: 'not_found' });
    await expect(run(h, 'announce colour=red message:"hi" confirm:yes')).rejects.toMatchObject({ code: 'validation' });
  });
});

describe('a notice the outbox gave up on', () => {
  async function givenUp(h: CoreHarness, platform: string) {
    const row = await h.db.selectFrom('outbox').selectAll().where('platform', '=', platform as 'telegram').executeTakeFirstOrThrow();
    return { id: row.id, platform: row.platform, target: row.target, messageId: row.message_id, account: row.jellyfin_user_id, status: 'failed' as const, attempts: 1, error: 'Forbidden: bot was blocked by the user' };
  }

  it('falls back to the person\'s email with the same words', async () => {
    const h = await start();
    const lee = await signUp(h, 'lee', { email: 'lee@example.org', uses: 2 });
    await linkChat(h, lee, 'telegram', '4242');
    await h.db.deleteFrom('outbox').execute();
    await h.services.announcements.send(['lee'], 'Maintenance tonight');
    expect((await queued(h)).map((row) => row.platform)).toEqual(['telegram']);

    expect(await h.services.jobs!.undeliverable.handle(await givenUp(h, 'telegram'))).toBe('email');
    const email = (await queued(h)).find((row) => row.platform === 'email');
    expect(email).toMatchObject({ target: 'lee@example.org', message_id: 'announcement' });
    expect(email?.markdown).toContain('Maintenance tonight');
  });

  it('tells the admins when there is no other way, and never re-announces a failed admin notice', async () => {
    const h = await start();
    const max = await signUp(h, 'max', { uses: 2 });
    await linkChat(h, max, 'telegram', '4343');
    await h.db.deleteFrom('outbox').execute();
    await h.services.announcements.send(['max'], 'Hello');
    expect(await h.services.jobs!.undeliverable.handle(await givenUp(h, 'telegram'))).toBe('admins');
    const notice = (await queued(h)).find((row) => row.message_id === 'admin_delivery_failed');
    expect(notice).toMatchObject({ platform: 'telegram', target: '111' });
    expect(notice?.markdown).toContain('max');

    const adminRow = await h.db.selectFrom('outbox').selectAll().where('message_id', '=', 'admin_delivery_failed').executeTakeFirstOrThrow();
    const failedNotice = { id: adminRow.id, platform: adminRow.platform, target: adminRow.target, messageId: adminRow.message_id, account: null, status: 'dead' as const, attempts: 8, error: 'down' };
    expect(await h.services.jobs!.undeliverable.handle(failedNotice)).toBe('ignored');
  });
});
