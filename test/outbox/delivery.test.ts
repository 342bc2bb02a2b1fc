import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../commands/dispatch.ts';
import { registry } from '../../commands/index.ts';
import { parseTokens, tokenize } from '../../commands/parse.ts';
import type { Reply } from '../../commands/reply.ts';
import type { Services } from '../../src/core/services.ts';
import type { GivenUpMessage } from '../../src/outbox/types.ts';
import { ALICE, BOB, leading, notice, startAliceAndBob, type OutboxWorld, type TelegramChannel } from './support.ts';

/** The worker against the Telegram stand-in through the real grammY delivery: what crossed the wire, and what the table says. */

let channel: TelegramChannel;
let world: OutboxWorld;
let close: (() => Promise<void>) | undefined;

afterEach(async () => close?.());

async function setUp(): Promise<void> {
  ({ channel, world, close } = await startAliceAndBob());
}

function sendMessages() {
  return channel.standin.requests.filter((request) => request.method === 'sendMessage');
}

/** `outbox …` as an admin runs it (the commands only touch services.outbox). */
function run(line: string): Promise<Reply> {
  const services = { outbox: world.outbox } as unknown as Services;
  return dispatch(registry, { caller: { surface: 'cli', id: 'local', name: 'tester', isAdmin: true }, services }, parseTokens(tokenize(line)));
}

describe('the outbox worker on Telegram', () => {
  it('sends the Markdown as Telegram HTML to the user’s private chat and marks the row sent', async () => {
    await setUp();
    const worker = await leading(world.worker());
    const markdown = 'Welcome **Alice** <script> & co: [Jellyfin](https://jf.example.org/web)';
    const id = await world.outbox.enqueue(world.db, { key: 'welcome:a1', platform: 'telegram', target: String(ALICE.id), messageId: 'welcome', content: { subject: 'ignored on chat', markdown }, account: 'a1' });
    const message = await channel.standin.waitForSent((sent) => sent.chatId === ALICE.id);
    await worker.idle();
    expect(message.raw).toBe('Welcome <b>Alice</b> &lt;script&gt; &amp; co: <a href="https://jf.example.org/web">Jellyfin</a>');
    expect(message.text).toBe('Welcome Alice <script> & co: Jellyfin');
    expect(sendMessages().map((request) => request.params)).toEqual([
      { chat_id: ALICE.id, text: message.raw, parse_mode: 'HTML', link_preview_options: { is_disabled: true } },
    ]);
    expect(await world.row(id!)).toMatchObject({ status: 'sent', attempts: 0, last_error: null, jellyfin_user_id: 'a1', sent_at: world.time.now().toISOString() });
  });

  it('a 429 reschedules the message at its retry_after without counting an attempt', async () => {
    await setUp();
    const worker = await leading(world.worker());
    channel.standin.rateLimitNext('sendMessage', 7);
    const id = (await world.outbox.enqueue(world.db, notice(ALICE, 'welcome:alice')))!;
    await channel.standin.waitFor((request) => request.method === 'sendMessage' && request.status === 429);
    await worker.idle();
    const row = await world.row(id);
    expect(row).toMatchObject({ status: 'pending', attempts: 0, next_attempt_at: new Date(world.time.nowMs() + 7000).toISOString() });
    expect(row.last_error).toBe('Too Many Requests: retry after 7');
    world.time.advance(6999);
    worker.wake();
    await worker.idle();
    expect(sendMessages()).toHaveLength(1);
    world.time.advance(1);
    worker.wake();
    await channel.standin.waitForSent((sent) => sent.chatId === ALICE.id);
    await worker.idle();
    expect(sendMessages().map((request) => request.status)).toEqual([429, 200]);
    expect(await world.row(id)).toMatchObject({ status: 'sent', attempts: 0 });
  });

  it('an outage is retried with exponential backoff, then delivered', async () => {
    await setUp();
    const worker = await leading(world.worker({ backoffBaseMs: 5000 }));
    channel.standin.failNext('sendMessage', 500, 'Internal Server Error: try later');
    channel.standin.failNext('sendMessage', 502, 'Bad Gateway');
    const id = (await world.outbox.enqueue(world.db, notice(ALICE, 'welcome:alice')))!;
    await channel.standin.waitFor((request) => request.method === 'sendMessage' && request.status === 500);
    await worker.idle();
    // random() = 0.5 makes the jitter factor exactly 1: 5 s after the first failure, 10 s after the second.
    expect(await world.row(id)).toMatchObject({ status: 'pending', attempts: 1, next_attempt_at: new Date(world.time.nowMs() + 5000).toISOString() });
    expect((await world.row(id)).last_error).toBe('Telegram could not be reached: Internal Server Error: try later');
    world.time.advance(5000);
    worker.wake();
    await channel.standin.waitFor((request) => request.method === 'sendMessage' && request.status === 502);
    await worker.idle();
    expect(await world.row(id)).toMatchObject({ status: 'pending', attempts: 2, next_attempt_at: new Date(world.time.nowMs() + 10_000).toISOString() });
    world.time.advance(10_000);
    worker.wake();
    await channel.standin.waitForSent((sent) => sent.chatId === ALICE.id);
    await worker.idle();
    expect(sendMessages().map((request) => request.status)).toEqual([500, 502, 200]);
    expect(await world.row(id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('a user who blocked the bot fails at once (no retries) and the admins are told', async () => {
    await setUp();
    const givenUp: GivenUpMessage[] = [];
    const heard: GivenUpMessage[] = [];
    world.outbox.onGivenUp(() => {
      throw new Error('a failing listener does not keep the others from hearing');
    });
    world.outbox.onGivenUp((message) => void heard.push(message));
    const worker = await leading(world.worker({ onGivenUp: (message) => void givenUp.push(message) }));
    channel.standin.blockBot(BOB.id);
    const id = (await world.outbox.enqueue(world.db, { ...notice(BOB, 'welcome:bob'), account: 'b1' }))!;
    await channel.standin.waitFor((request) => request.method === 'sendMessage' && request.status === 403);
    await worker.idle();
    expect(await world.row(id)).toMatchObject({ status: 'failed', attempts: 1, last_error: 'Forbidden: bot was blocked by the user' });
    expect(givenUp).toEqual([
      { id, platform: 'telegram', target: String(BOB.id), messageId: 'welcome', account: 'b1', status: 'failed', attempts: 1, error: 'Forbidden: bot was blocked by the user' },
    ]);
    expect(heard).toEqual(givenUp);
  });

  it('after outbox.max_attempts the message is dead, shown by outbox status; outbox retry requeues and it is delivered', async () => {
    await setUp();
    const givenUp: GivenUpMessage[] = [];
    const worker = await leading(world.worker({ maxAttempts: 3, backoffBaseMs: 2000, onGivenUp: (message) => void givenUp.push(message) }));
    for (let i = 0; i < 3; i += 1) channel.standin.failNext('sendMessage', 500, 'Internal Server Error');
    const id = (await world.outbox.enqueue(world.db, notice(ALICE, 'welcome:alice')))!;
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      await channel.standin.waitFor((request) => request.method === 'sendMessage' && sendMessages().filter((answered) => answered.status !== null).length >= attempt);
      await worker.idle();
      world.time.advance(2000 * 2 ** (attempt - 1));
      worker.wake();
    }
    await worker.idle();
    expect(await world.row(id)).toMatchObject({ status: 'dead', attempts: 3 });
    expect(givenUp.map((message) => [message.id, message.status, message.attempts])).toEqual([[id, 'dead', 3]]);

    const status = await run('outbox status');
    expect(status.fields).toEqual([{ label: 'Pending', value: '0' }, { label: 'Failed', value: '0' }, { label: 'Dead', value: '1' }]);
    expect(status.text).toBe('Outbox: 0 pending, 0 failed, 1 dead. Requeue them with outbox retry ID, or outbox retry all.');
    expect(status.table?.rows).toEqual([[id, 'telegram', String(ALICE.id), 'welcome', 'dead', '3', 'Telegram could not be reached: Internal Server Error']]);

    await expect(run('outbox retry nosuchid')).rejects.toMatchObject({ code: 'not_found' });
    expect((await run(`outbox retry ${id}`)).text).toBe(`Message ${id} queued again.`);
    await channel.standin.waitForSent((sent) => sent.chatId === ALICE.id);
    await worker.idle();
    expect(await world.row(id)).toMatchObject({ status: 'sent', attempts: 0 });
    expect((await run('outbox retry all')).text).toBe('Nothing to retry: no message failed or is dead.');
    expect((await run('outbox status')).text).toBe('Outbox: 0 pending, 0 failed, 0 dead.');
  });
});
