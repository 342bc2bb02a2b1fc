import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmailDelivery } from '../../adapters/email/index.ts';
import { SmtpStandin } from '../fakes/smtp.ts';
import { EVIL_LINK, NASTY, showsText, wireCases } from './wire-cases.ts';

/**
 * Issue 6, acceptance: every catalogue message in every shipped language, sent for real by the email
 * adapter (nodemailer) to an in-process SMTP server and parsed with mailparser. The snapshot is the
 * subject and both parts as received; the subject and the text part show the nasty username exactly
 * as typed, the HTML part escapes it and makes no link from it.
 */

let smtp: SmtpStandin;
let email: EmailDelivery;

beforeAll(async () => {
  smtp = await SmtpStandin.start();
  email = new EmailDelivery({ smtp: { host: '127.0.0.1', port: smtp.port, secure: false, starttls: false }, from: 'Doorman <doorman@example.test>' });
});

afterAll(async () => {
  email?.close();
  await smtp?.close();
});

describe('every message by email', () => {
  for (const message of wireCases()) {
    it(message.name, async () => {
      const count = smtp.received.length + 1;
      await email.send({ to: 'alice@example.test', subject: message.subject, markdown: message.markdown, lang: message.lang });
      const { envelope, mail } = await smtp.waitForMessage(count);
      expect(envelope.to).toEqual(['alice@example.test']);
      expect({ subject: mail.subject, text: mail.text, html: mail.html }).toMatchSnapshot();
      expect(mail.html).not.toMatch(EVIL_LINK);
      expect(mail.html).not.toContain('<b>&');
      if (showsText(message.id)) {
        expect(mail.html).toContain('&lt;b&gt;&amp;');
        expect(mail.text).toContain(NASTY);
      }
      if (message.subject.includes('a_b')) expect(mail.subject).toContain(NASTY);
    });
  }
});
