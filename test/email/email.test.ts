import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { EmailDelivery, EmailDeliveryError, emailMarkdown, markdownText, type EmailSettings } from '../../adapters/email/index.ts';
import { MessageCatalogue } from '../../src/messages/catalogue.ts';
import { SAMPLE_VARIABLES } from '../../src/messages/ids.ts';
import { SmtpStandin } from '../fakes/smtp.ts';

/** The real nodemailer against an in-process SMTP server; what the server received is parsed with mailparser. */

const LOGIN = { username: 'doorman@example.org', password: 's3cret pass' };
let smtp: SmtpStandin;
const deliveries: EmailDelivery[] = [];

function settings(overrides: Partial<EmailSettings['smtp']> = {}): EmailSettings {
  return {
    smtp: { host: '127.0.0.1', port: smtp.port, secure: false, starttls: false, ...LOGIN, ...overrides },
    from: 'Doorman <doorman@example.org>',
  };
}

function delivery(overrides: Partial<EmailSettings['smtp']> = {}): EmailDelivery {
  const made = new EmailDelivery(settings(overrides));
  deliveries.push(made);
  return made;
}

beforeAll(async () => {
  smtp = await SmtpStandin.start({ auth: LOGIN });
});
afterEach(() => {
  for (const made of deliveries.splice(0)) made.close();
});
afterAll(async () => smtp?.close());

async function failure(promise: Promise<unknown>): Promise<EmailDeliveryError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EmailDeliveryError);
  return error as EmailDeliveryError;
}

describe('sending email', () => {
  it('logs in over plain SMTP and delivers both parts with the configured sender, subject and recipient', async () => {
    const before = smtp.received.length;
    const catalogue = new MessageCatalogue({ defaultLanguage: 'en', timezone: 'Europe/Berlin' });
    const message = catalogue.render('welcome', 'de', { ...SAMPLE_VARIABLES.welcome, username: 'ali_ce' });
    const sent = await delivery().send({ to: 'alice@example.org', subject: message.subject, markdown: message.markdown, lang: message.lang });
    const { envelope, user, mail } = await smtp.waitForMessage(before + 1);
    expect(sent.messageId).toBe(mail.messageId);
    expect(user).toBe(LOGIN.username);
    expect(envelope).toEqual({ from: 'doorman@example.org', to: ['alice@example.org'] });
    expect(mail.from?.value).toEqual([{ name: 'Doorman', address: 'doorman@example.org' }]);
    expect(mail.subject).toBe('Willkommen, ali_ce!');
    expect(mail.html).toContain('<strong>ali_ce</strong>');
    expect(mail.html).toContain('<a href="https://jellyfin.example.org">Jellyfin öffnen</a>');
    expect(mail.html).toContain('<html lang="de">');
    expect(mail.text).toContain('Schön, dass du da bist, ali_ce!');
    expect(mail.text).toContain('Jellyfin öffnen (https://jellyfin.example.org)');
    expect(mail.text).toContain('13. April 2027 um 20:30');
    expect(mail.text).not.toMatch(/\*\*|\\_/);
    expect(mail.headers.get('list')).toBeUndefined();
  });

  it('an announcement carries List-Unsubscribe and a visible opt-out link in both parts', async () => {
    const before = smtp.received.length;
    const url = 'https://doorman.example.org/unsubscribe/Ab12Cd';
    await delivery().send({ to: 'bob@example.org', subject: 'Movie night', markdown: 'Movie night on **Friday**!', unsubscribeUrl: url });
    const { mail } = await smtp.waitForMessage(before + 1);
    expect(mail.headerLines.find((line) => line.key === 'list-unsubscribe')?.line).toBe(`List-Unsubscribe: <${url}>`);
    expect(mail.headerLines.find((line) => line.key === 'list-unsubscribe-post')?.line).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(mail.html).toContain(`<a href="${url}">Unsubscribe</a>`);
    expect(mail.text).toContain(`Unsubscribe (${url})`);
  });

  it('does not add a second opt-out line when the template has one', async () => {
    const before = smtp.received.length;
    const catalogue = new MessageCatalogue({ defaultLanguage: 'en', timezone: 'UTC' });
    const message = catalogue.render('announcement', 'fr', SAMPLE_VARIABLES.announcement);
    await delivery().send({ to: 'carol@example.org', subject: message.subject, markdown: message.markdown, unsubscribeUrl: String(SAMPLE_VARIABLES.announcement.unsubscribe_url) });
    const { mail } = await smtp.waitForMessage(before + 1);
    expect(mail.html).toContain('Ne plus recevoir les annonces par e-mail</a>');
    expect(mail.html).not.toContain('>Unsubscribe</a>');
    expect(mail.html).toContain('<strong>Friday at 8</strong>');
  });

  it('raw HTML in the Markdown stays text in the HTML part, and angle-bracket links are not links', async () => {
    const before = smtp.received.length;
    await delivery().send({ to: 'dave@example.org', subject: 'x', markdown: 'Hi <b>there</b> <https://evil.example> [ok](https://good.example)' });
    const { mail } = await smtp.waitForMessage(before + 1);
    expect(mail.html).toContain('Hi &lt;b&gt;there&lt;/b&gt; &lt;https://evil.example&gt;');
    expect(mail.html).not.toContain('href="https://evil.example"');
    expect(mail.html).toContain('<a href="https://good.example">ok</a>');
  });
});

describe('failures are permanent or temporary', () => {
  it('a 5xx answer is permanent, a 4xx answer temporary, and the next message goes through again', async () => {
    const mailer = delivery();
    smtp.failNextRecipient(550, 'No such user here');
    const refused = await failure(mailer.send({ to: 'ghost@example.org', subject: 's', markdown: 'm' }));
    expect(refused).toMatchObject({ failure: 'permanent', responseCode: 550 });
    expect(refused.message).toContain('No such user here');
    smtp.failNextRecipient(451, 'Greylisted, try again later');
    expect(await failure(mailer.send({ to: 'erin@example.org', subject: 's', markdown: 'm' }))).toMatchObject({ failure: 'temporary', responseCode: 451 });
    const before = smtp.received.length;
    await mailer.send({ to: 'erin@example.org', subject: 'again', markdown: 'm' });
    expect((await smtp.waitForMessage(before + 1)).mail.subject).toBe('again');
  });

  it('a dropped connection is temporary; the pool reconnects for the next message', async () => {
    const mailer = delivery();
    smtp.dropNextConnection();
    const dropped = await failure(mailer.send({ to: 'frank@example.org', subject: 's', markdown: 'm' }));
    expect(dropped.failure).toBe('temporary');
    expect(dropped.message).toMatch(/^could not talk to the SMTP server/);
    const before = smtp.received.length;
    await mailer.send({ to: 'frank@example.org', subject: 'after the drop', markdown: 'm' });
    expect((await smtp.waitForMessage(before + 1)).mail.subject).toBe('after the drop');
  });

  it('nobody listening is temporary', async () => {
    const closed = await closedPort();
    const error = await failure(delivery({ port: closed }).send({ to: 'gina@example.org', subject: 's', markdown: 'm' }));
    expect(error.failure).toBe('temporary');
  });

  it('a refused login is temporary (the configuration, not the message) and names the settings to fix', async () => {
    const error = await failure(delivery({ password: 'wrong' }).send({ to: 'hal@example.org', subject: 's', markdown: 'm' }));
    expect(error.failure).toBe('temporary');
    expect(error.message).toContain('email.smtp.username and email.smtp.password');
    expect(error.message).not.toContain('wrong');
  });

  it('a malformed address is permanent and never reaches the server', async () => {
    const logins = smtp.logins;
    const error = await failure(delivery().send({ to: 'not an address', subject: 's', markdown: 'm' }));
    expect(error.failure).toBe('permanent');
    expect(smtp.logins).toBe(logins);
  });
});

describe('the plain-text part', () => {
  it('reads like the Markdown: paragraphs, list markers, links with their address, no emphasis marks', () => {
    const text = markdownText(emailMarkdown(), 'Hello **you**, see [the site](https://e.org).\n\n- one\n- two `code`\n\n1. first\n2. second\n\n> quoted\n\nhttps://e.org');
    expect(text).toBe('Hello you, see the site (https://e.org).\n\n- one\n- two code\n\n1. first\n2. second\n\n> quoted\n\nhttps://e.org\n');
  });
});

async function closedPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
