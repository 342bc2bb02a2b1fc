import { afterEach, describe, expect, it } from 'vitest';
import { EmailDelivery } from '../../adapters/email/index.ts';
import { ChatDeliveries } from '../../src/chat/delivery.ts';
import type { OutboxMessage } from '../../src/outbox/types.ts';
import { SmtpStandin } from '../fakes/smtp.ts';
import { leading, startOutboxWorld, type OutboxWorld } from './support.ts';

/** Email through the outbox: the real EmailDelivery (nodemailer, pooled) against an in-process SMTP server. */

let smtp: SmtpStandin | undefined;
let email: EmailDelivery | undefined;
let world: OutboxWorld | undefined;

afterEach(async () => {
  await world?.close();
  email?.close();
  await smtp?.close();
  world = undefined;
  email = undefined;
  smtp = undefined;
});

async function setUp(): Promise<{ world: OutboxWorld; smtp: SmtpStandin }> {
  smtp = await SmtpStandin.start();
  email = new EmailDelivery({ smtp: { host: '127.0.0.1', port: smtp.port, secure: false, starttls: false }, from: 'Doorman <doorman@example.test>' });
  world = await startOutboxWorld({ deliveries: new ChatDeliveries() });
  return { world, smtp };
}

function announcement(to: string): OutboxMessage {
  return {
    key: 'announcement:7',
    platform: 'email',
    target: to,
    messageId: 'announcement',
    content: { subject: 'Movie night', markdown: 'Movie night at **8**, bring snacks.', unsubscribeUrl: 'http://doorman.test/unsubscribe/abc' },
  };
}

describe('the outbox by email', () => {
  it('delivers subject, both parts and the opt-out link to the right recipient', async () => {
    const { world, smtp } = await setUp();
    const worker = await leading(world.worker({ email }));
    const id = (await world.outbox.enqueue(world.db, announcement('alice@example.test')))!;
    const { envelope, mail } = await smtp.waitForMessage(1);
    await worker.idle();
    expect(envelope.to).toEqual(['alice@example.test']);
    expect(mail.subject).toBe('Movie night');
    expect(mail.text).toContain('Movie night at 8, bring snacks.');
    expect(mail.html).toContain('<strong>8</strong>');
    expect(mail.text).toContain('http://doorman.test/unsubscribe/abc');
    expect(await world.row(id)).toMatchObject({ status: 'sent', attempts: 0 });
  });

  it('a refused address (5xx) fails at once; a 4xx is retried with backoff, then delivered', async () => {
    const { world, smtp } = await setUp();
    const worker = await leading(world.worker({ email, backoffBaseMs: 5000 }));
    smtp.failNextRecipient(550);
    const refused = (await world.outbox.enqueue(world.db, announcement('gone@example.test')))!;
    await worker.idle();
    expect(await world.row(refused)).toMatchObject({ status: 'failed', attempts: 1 });
    expect((await world.row(refused)).last_error).toContain('550');

    smtp.failNextRecipient(451);
    const later = (await world.outbox.enqueue(world.db, announcement('bob@example.test')))!;
    await worker.idle();
    expect(await world.row(later)).toMatchObject({ status: 'pending', attempts: 1, next_attempt_at: new Date(world.time.nowMs() + 5000).toISOString() });
    world.time.advance(5000);
    worker.wake();
    const { envelope } = await smtp.waitForMessage(1);
    await worker.idle();
    expect(envelope.to).toEqual(['bob@example.test']);
    expect(await world.row(later)).toMatchObject({ status: 'sent', attempts: 1 });
  });
});
