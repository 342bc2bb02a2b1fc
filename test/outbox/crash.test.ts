import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '../../src/db/database.ts';
import { systemClock } from '../../src/core/clock.ts';
import { Outbox } from '../../src/outbox/outbox.ts';
import { TelegramStandin } from '../fakes/telegram/index.ts';

/**
 * SIGKILL in the middle of a 500-message broadcast, then a fresh process on the same database:
 * everyone gets the message, and only what was in flight at the kill (rows left `sending`) may
 * arrive twice. The successor waits for the killed process's lease to run out (at most 10 s).
 */

const RECIPIENTS = 500;
const FIRST_ID = 900_000_001;
const KILL_AFTER = 150;

let telegram: TelegramStandin | undefined;
let db: Db | undefined;
let folder: string | undefined;
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await db?.destroy();
  await telegram?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
  db = undefined;
  telegram = undefined;
  folder = undefined;
});

/** Starts the worker process; resolves once it holds the lease. */
function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'crash-child.ts')], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('leading')) resolve(child);
    });
    child.once('exit', (code, signal) => reject(new Error(`the worker process ended before leading (${code ?? signal})`)));
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('a crash', () => {
  it('loses nothing: after SIGKILL mid-broadcast a new process delivers the rest, repeating only what was in flight', async () => {
    telegram = await TelegramStandin.start();
    const ids = Array.from({ length: RECIPIENTS }, (_, n) => FIRST_ID + n);
    for (const id of ids) telegram.userOpenedChat({ id });
    folder = mkdtempSync(join(tmpdir(), 'doorman-crash-'));
    const file = join(folder, 'doorman.sqlite');
    db = openDatabase(`sqlite:${file}`, '.');
    await migrateToLatest(db);
    const outbox = new Outbox(db, systemClock);
    await db.transaction().execute((trx) =>
      outbox.enqueueMany(trx, ids.map((id) => ({ key: 'announcement:crash', platform: 'telegram' as const, target: String(id), messageId: 'announcement', content: { markdown: 'Movie night at 8' } }))),
    );
    const env = { OUTBOX_DB: file, TELEGRAM_API_ROOT: telegram.apiRoot, TELEGRAM_TOKEN: telegram.token, TELEGRAM_RATE: '400' };

    const first = await startWorker(env);
    await telegram.waitForSent(() => telegram!.sent().length >= KILL_AFTER, 20_000);
    await killed(first);
    const killedAt = Date.now();
    const inFlight = await db.selectFrom('outbox').select('target').where('status', '=', 'sending').execute();
    const lease = await db.selectFrom('outbox_lease').selectAll().executeTakeFirstOrThrow();
    expect(telegram.sent().length).toBeLessThan(RECIPIENTS);
    expect(inFlight.length).toBeLessThanOrEqual(8); // the Telegram lane's sends in flight at once

    await startWorker(env);
    await telegram.waitForSent(() => new Set(telegram!.sent().map((message) => message.chatId)).size === RECIPIENTS, 30_000);
    const counts = new Map<number, number>();
    for (const message of telegram.sent()) counts.set(message.chatId, (counts.get(message.chatId) ?? 0) + 1);
    const twice = [...counts].filter(([, count]) => count > 1).map(([chatId]) => String(chatId));
    expect(ids.filter((id) => !counts.has(id))).toEqual([]);
    expect([...counts.values()].every((count) => count <= 2)).toBe(true);
    expect(inFlight.map((row) => row.target)).toEqual(expect.arrayContaining(twice));
    // The killed process's lease ran out at most 10 s after the kill; the successor holds it now.
    expect(Date.parse(lease.expires_at) - killedAt).toBeLessThanOrEqual(10_000);
    const taken = await db.selectFrom('outbox_lease').selectAll().executeTakeFirstOrThrow();
    expect(taken.owner).not.toBe(lease.owner);
  }, 60_000);
});
