// A Doorman outbox worker in its own process, for crash.test.ts to SIGKILL mid-broadcast: the real
// grammY delivery against the parent's Telegram stand-in, the outbox on the parent's SQLite file.
import { Api, Bot } from 'grammy';
import { TelegramDelivery } from '../../adapters/telegram/delivery.ts';
import { TelegramSender } from '../../adapters/telegram/send.ts';
import { ChatDeliveries } from '../../src/chat/delivery.ts';
import { systemClock } from '../../src/core/clock.ts';
import { openDatabase } from '../../src/db/database.ts';
import { silentLogger } from '../../src/log.ts';
import { Outbox } from '../../src/outbox/outbox.ts';
import { OutboxWorker } from '../../src/outbox/worker.ts';

const { OUTBOX_DB, TELEGRAM_API_ROOT, TELEGRAM_TOKEN, TELEGRAM_RATE } = process.env;
if (!OUTBOX_DB || !TELEGRAM_API_ROOT || !TELEGRAM_TOKEN) throw new Error('crash-child: OUTBOX_DB, TELEGRAM_API_ROOT and TELEGRAM_TOKEN are required');

const db = openDatabase(`sqlite:${OUTBOX_DB}`, '.');
const bot = new Bot(TELEGRAM_TOKEN, { client: { apiRoot: TELEGRAM_API_ROOT } });
const deliveries = new ChatDeliveries();
deliveries.register(new TelegramDelivery(new TelegramSender(bot.api), 'doorman_test_bot', new TelegramSender(new Api(bot.token, bot.api.options))));
const outbox = new Outbox(db, systemClock);
const worker = new OutboxWorker({
  db, outbox, deliveries, clock: systemClock, log: silentLogger(),
  maxAttempts: 8, telegramRatePerSecond: Number(TELEGRAM_RATE ?? 30),
});
worker.start();
await worker.whenLeading();
process.stdout.write('leading\n');
