import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '../../src/db/database.ts';
import type { NewAccountRow } from '../../src/db/tables/accounts.table.ts';
import type { NewChatIdentityRow } from '../../src/db/tables/chat-identities.table.ts';
import { JellyfinStandin } from '../../src/jellyfin/standin/index.ts';
import { normaliseId } from '../../src/jellyfin/types.ts';
import { STANDIN_ADMIN, writeTestConfig, type TestConfigFile } from '../support/app-harness.ts';
import { TelegramStandin, type SentMessage } from '../fakes/telegram/index.ts';

/**
 * The crash acceptance with the real Doorman: `doorman run announce all … --yes` queues a
 * 500-recipient announcement, `doorman start` delivers it and is SIGKILLed part-way, a second
 * `doorman start` on the same data folder finishes it. Everyone gets their own copy; only what
 * was in flight at the kill (rows left `sending`) may arrive twice; the successor delivers within
 * 10 s of its start even when the kill came right after a lease renewal (the lease left behind
 * blocks it no longer).
 */

const RECIPIENTS = 500;
const FIRST_CHAT_ID = 700_000_001;
const ADMIN_CHAT_ID = 4242;
const KILL_AFTER = 150;
/** The Telegram lane's sends in flight at once (src/outbox/worker.ts laneLimits). */
const TELEGRAM_IN_FLIGHT = 8;
/** How long the Telegram stand-in takes to answer a sendMessage it has already delivered. */
const ANSWER_DELAY_MS = 60;
const ANNOUNCEMENT = 'Movie night at 8, {username}';
const root = join(import.meta.dirname, '..', '..');

let jellyfin: JellyfinStandin | undefined;
let telegram: TelegramStandin | undefined;
let config: TestConfigFile | undefined;
let db: Db | undefined;
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) await killed(child);
  await db?.destroy();
  await telegram?.close();
  await jellyfin?.close();
  config?.remove();
  db = telegram = jellyfin = config = undefined;
});

interface Recipient {
  chatId: number;
  username: string;
}

/** A child Doorman process with what it printed, for the failure message. */
interface Doorman {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

function doorman(args: string[]): Doorman {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('DOORMAN_')));
  const child = spawn(process.execPath, [join(root, 'src', 'bin.mjs'), ...args, '--config', config!.file], { cwd: config!.dir, env });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

function killed(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** Polls `done` every 20 ms until it holds; fails with `explain()` after `timeoutMs`. */
async function until(done: () => boolean | Promise<boolean>, timeoutMs: number, explain: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${explain()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The announcement's copies the Telegram stand-in received (admin notices left out). */
function announcements(): SentMessage[] {
  return telegram!.sent().filter((message) => message.text.includes('Movie night at 8'));
}

/** 500 Jellyfin users Doorman manages, each with a linked Telegram chat they opened with the bot. */
async function seedRecipients(): Promise<Recipient[]> {
  const at = new Date().toISOString();
  const recipients = Array.from({ length: RECIPIENTS }, (_, n) => ({ chatId: FIRST_CHAT_ID + n, username: `viewer${String(n + 1).padStart(3, '0')}` }));
  const accounts: NewAccountRow[] = [];
  const chats: NewChatIdentityRow[] = [];
  for (const { chatId, username } of recipients) {
    const id = normaliseId(jellyfin!.addUser(username, { password: 'secret' }));
    telegram!.userOpenedChat({ id: chatId, first_name: username, username });
    accounts.push({ jellyfin_user_id: id, username, invite_code: null, profile_id: null, label: null, expires_at: null, created_at: at, updated_at: at });
    chats.push({ platform: 'telegram', user_id: String(chatId), handle: `@${username}`, handle_key: username, lang: null, notify: 1, jellyfin_user_id: id, linked_at: at, first_seen_at: at, last_seen_at: at });
  }
  await db!.transaction().execute(async (trx) => {
    // SQLite allows at most 32766 bound variables per statement: 100 rows a statement.
    for (let i = 0; i < RECIPIENTS; i += 100) {
      await trx.insertInto('accounts').values(accounts.slice(i, i + 100)).execute();
      await trx.insertInto('chat_identities').values(chats.slice(i, i + 100)).execute();
    }
  });
  return recipients;
}

/** Stand-ins, config and data folder; the recipients are already known to Doorman. */
async function setUp(): Promise<Recipient[]> {
  jellyfin = await JellyfinStandin.start({ admin: STANDIN_ADMIN });
  telegram = await TelegramStandin.start();
  telegram.userOpenedChat({ id: ADMIN_CHAT_ID, first_name: 'Admin', username: 'the_admin' });
  // Messages arrive at once but are answered late, so the kill leaves delivered sends in flight.
  telegram.delayAnswers('sendMessage', ANSWER_DELAY_MS);
  config = writeTestConfig(jellyfin.url, {
    // Quick, yet slow enough to be killed part-way.
    telegram: { token: telegram.token, api_root: telegram.apiRoot, rate_per_second: 100 },
    admins: { telegram: [String(ADMIN_CHAT_ID)] },
    log: { level: 'info' },
  });
  db = openDatabase('sqlite:doorman.db', config.dir);
  await migrateToLatest(db);
  return seedRecipients();
}

/**
 * Waits until a renewal of the first start's lease, then kills it: the lease then has longest to
 * run, the worst moment for the successor. Returns what was in flight and the lease left behind.
 */
async function killRightAfterRenewal(first: Doorman): Promise<{ killedAt: number; sentBeforeKill: number; inFlight: string[]; leaseLeftMs: number }> {
  const leaseExpiry = async () => (await db!.selectFrom('outbox_lease').select('expires_at').executeTakeFirstOrThrow()).expires_at;
  const before = await leaseExpiry();
  await until(async () => (await leaseExpiry()) !== before, 10_000, () => `the lease was not renewed; first start printed:\n${first.output()}`);
  await killed(first.child);
  const killedAt = Date.now();
  const sentBeforeKill = announcements().length;
  const inFlight = await db!.selectFrom('outbox').select('target').where('status', '=', 'sending').where('message_id', '=', 'announcement').execute();
  return { killedAt, sentBeforeKill, inFlight: inFlight.map((row) => row.target), leaseLeftMs: Date.parse(await leaseExpiry()) - killedAt };
}

/** Announcement rows the outbox has not recorded as sent yet. */
async function unsent(): Promise<number> {
  const rows = await db!.selectFrom('outbox').select('id').where('message_id', '=', 'announcement').where('status', '!=', 'sent').execute();
  return rows.length;
}

function copiesPerChat(copies: SentMessage[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const message of copies) counts.set(message.chatId, (counts.get(message.chatId) ?? 0) + 1);
  return counts;
}

describe('a SIGKILLed doorman start', () => {
  it('finishes a 500-message announcement after a restart, repeating at most what was in flight, resuming within 10 s', async () => {
    const recipients = await setUp();
    // The admin queues it; `doorman run` never delivers.
    const queue = doorman(['run', 'announce', 'all', `message:${ANNOUNCEMENT}`, '--yes']);
    expect(await queue.exited, queue.output()).toBe(0);
    expect(queue.output()).toContain(`Announcement queued: ${RECIPIENTS} messages to ${RECIPIENTS} people.`);
    expect(announcements()).toEqual([]);

    const first = doorman(['start']);
    await until(() => announcements().length >= KILL_AFTER, 30_000, () => `${announcements().length} announcements sent; first start printed:\n${first.output()}`);
    const kill = await killRightAfterRenewal(first);
    expect(kill.sentBeforeKill).toBeLessThan(RECIPIENTS);

    const restartedAt = Date.now();
    const second = doorman(['start']);
    const reached = () => new Set(announcements().map((message) => message.chatId)).size;
    await until(() => reached() === RECIPIENTS, 40_000, () => `${reached()} recipients reached; second start printed:\n${second.output()}`);
    // What was in flight at the kill goes out again last (due from the take-over on): wait for it too.
    await until(async () => (await unsent()) === 0, 20_000, () => `announcements still not sent; second start printed:\n${second.output()}`);

    const copies = announcements();
    const counts = copiesPerChat(copies);
    expect(recipients.filter((recipient) => !counts.has(recipient.chatId))).toEqual([]);
    const twice = [...counts].filter(([, count]) => count > 1).map(([chatId]) => String(chatId));
    expect([...counts.values()].every((count) => count <= 2)).toBe(true);
    expect(twice.length).toBeLessThanOrEqual(TELEGRAM_IN_FLIGHT);
    expect(kill.inFlight).toEqual(expect.arrayContaining(twice));
    // `{username}` is each recipient's own name.
    for (const { chatId, username } of recipients) {
      const texts = copies.filter((message) => message.chatId === chatId).map((message) => message.text);
      expect(texts.every((text) => text.includes(`Movie night at 8, ${username}`)), `${chatId}: ${texts.join(' | ')}`).toBe(true);
    }
    const resumeMs = Math.min(...copies.map((message) => message.at.getTime()).filter((at) => at >= restartedAt)) - restartedAt;
    console.info(
      `crash-doorman: killed after ${kill.sentBeforeKill} of ${RECIPIENTS}; ${kill.inFlight.length} left sending, ${twice.length} delivered twice; ` +
        `the lease had ${kill.leaseLeftMs} ms left at the kill; first copy ${resumeMs} ms after the restart`,
    );
    expect(resumeMs).toBeLessThanOrEqual(10_000);
  }, 90_000);
});
