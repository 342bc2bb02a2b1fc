import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/app.ts';
import { validateConfig } from '../src/config/load.ts';
import type { OutboxMessage } from '../src/outbox/types.ts';
import { TelegramStandin } from '../test/fakes/telegram/index.ts';
import { StandinProcess } from './support.ts';

/**
 * An announcement to 2,000 Telegram users through the whole Doorman (createApp + listen: the real
 * grammY adapter, the outbox worker, SQLite in WAL mode) against the Telegram stand-in enforcing
 * 30 messages/s per bot and 1/s per chat with 429 + retry_after. Prints the rate achieved as a share
 * of the limit, the 429s met, and what the stand-in received: lost and duplicated messages.
 */
const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 2000);
const LIMIT = 30;
const FIRST_USER_ID = 700_000_001;

export async function main(): Promise<void> {
  const telegram = await TelegramStandin.start();
  const jellyfin = await StandinProcess.start();
  const dataDir = mkdtempSync(join(process.env.BENCH_TMP ?? tmpdir(), 'doorman-bench-'));
  const ids = Array.from({ length: RECIPIENTS }, (_, n) => FIRST_USER_ID + n);
  for (const id of ids) telegram.userOpenedChat({ id, first_name: `Viewer ${n(id)}` });
  telegram.enforceRateLimit({ perSecond: LIMIT, perChatPerSecond: 1 });
  const config = validateConfig(
    {
      data_dir: dataDir,
      server: { host: '127.0.0.1', port: 0 },
      jellyfin: { url: jellyfin.url, username: 'admin', password: 'admin-password' },
      telegram: { token: telegram.token, api_root: telegram.apiRoot, rate_per_second: LIMIT },
      log: { level: 'warn' },
    },
    'bench',
  );
  const app = await createApp(config);
  try {
    await app.listen();
    await app.chatReady();
    await app.outboxWorker.whenLeading();
    const messages: OutboxMessage[] = ids.map((id) => ({
      key: 'announcement:bench',
      platform: 'telegram',
      target: String(id),
      messageId: 'announcement',
      content: { markdown: `**Movie night** at 8, viewer ${n(id)}! Popcorn & <snacks> provided.` },
    }));
    const started = performance.now();
    await app.db.transaction().execute((trx) => app.outbox.enqueueMany(trx, messages));
    const queuedMs = performance.now() - started;
    await telegram.waitForSent(() => telegram.sent().length >= RECIPIENTS, (RECIPIENTS / LIMIT) * 2000 + 30_000);
    const finishedMs = performance.now() - started;
    await app.outboxWorker.idle();
    report({ telegram, ids, queuedMs, finishedMs, status: await app.outbox.status() });
  } finally {
    await app.close();
    await telegram.close();
    await jellyfin.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function n(id: number): number {
  return id - FIRST_USER_ID + 1;
}

function report(run: { telegram: TelegramStandin; ids: number[]; queuedMs: number; finishedMs: number; status: { pending: number; sent: number; failed: number; dead: number } }): void {
  const { telegram, ids } = run;
  const { admitted, refused } = telegram.rateLimitLog;
  const received = new Map<number, number>();
  for (const message of telegram.sent()) received.set(message.chatId, (received.get(message.chatId) ?? 0) + 1);
  const lost = ids.filter((id) => !received.has(id)).length;
  const duplicated = [...received.values()].reduce((sum, count) => sum + Math.max(0, count - 1), 0);
  // The steady rate: sends after the first, over the time from the first send to the last.
  const spanS = (admitted[admitted.length - 1].at - admitted[0].at) / 1000;
  const rate = (admitted.length - 1) / spanS;
  const overall = ids.length / (run.finishedMs / 1000);
  console.log(`broadcast to ${ids.length} Telegram users, stand-in limit ${LIMIT} messages/s per bot and 1/s per chat (429 + retry_after)`);
  console.log(`  rate: ${rate.toFixed(2)} messages/s = ${((rate / LIMIT) * 100).toFixed(1)} % of the limit (goal >= 95 %), first to last send in ${spanS.toFixed(1)} s`);
  console.log(`  from enqueue to the last message: ${(run.finishedMs / 1000).toFixed(1)} s (${overall.toFixed(2)} messages/s, ${((overall / LIMIT) * 100).toFixed(1)} %); enqueueing took ${run.queuedMs.toFixed(0)} ms`);
  const gaps = admitted.slice(1).map((send, i) => send.at - admitted[i].at).sort((a, b) => a - b);
  console.log(`  gaps between sends (ms, the stand-in's clock): p10 ${gaps[Math.floor(gaps.length * 0.1)]} p50 ${gaps[Math.floor(gaps.length / 2)]} p90 ${gaps[Math.floor(gaps.length * 0.9)]} p99 ${gaps[Math.floor(gaps.length * 0.99)]} max ${gaps[gaps.length - 1]}`);
  console.log(`  429s met: ${refused}; lost: ${lost}; duplicated: ${duplicated} (goal 0 and 0)`);
  console.log(`  outbox afterwards: ${run.status.sent} sent, ${run.status.pending} pending, ${run.status.failed} failed, ${run.status.dead} dead`);
}
