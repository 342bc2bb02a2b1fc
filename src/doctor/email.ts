import { EmailDelivery, type EmailSettings } from '../../adapters/email/index.ts';
import type { CheckResult } from '../doctor.ts';

/**
 * `doctor`: the SMTP server answers and accepts Doorman's login (nodemailer's verify: connect,
 * TLS as configured, AUTH), without sending anything. The password is never printed.
 */
export async function checkEmail(email: EmailSettings): Promise<CheckResult> {
  const name = 'email';
  const { smtp } = email;
  const where = `${smtp.host}:${smtp.port} (${smtp.secure ? 'TLS' : smtp.starttls ? 'STARTTLS' : 'plain SMTP'})`;
  const delivery = new EmailDelivery(email);
  try {
    await delivery.verify();
    const login = smtp.username ? `accepts the login of ${smtp.username}` : 'answers (no login configured)';
    return { name, status: 'ok', detail: `${where} ${login}` };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { name, status: 'FAIL', detail: `${where}: ${message}`, fix: fixFor(error, email) };
  } finally {
    delivery.close();
  }
}

function fixFor(error: unknown, email: EmailSettings): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause ?? {};
  const text = `${cause.message ?? ''} ${error instanceof Error ? error.message : ''}`;
  if (cause.code === 'EAUTH') return 'set email.smtp.username and email.smtp.password to an account the SMTP server accepts (often the full address and an app password)';
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ETIMEDOUT|timeout/i.test(text) || cause.code === 'ECONNECTION') {
    return 'check email.smtp.host and email.smtp.port, and that this machine can reach the SMTP server (firewall, provider blocking the port)';
  }
  if (cause.code === 'ETLS' || /TLS|SSL/i.test(text)) {
    return email.smtp.secure
      ? 'the server does not speak TLS on this port: set email.smtp.secure: false (and starttls: true, usually with port 587)'
      : 'the TLS upgrade failed: set email.smtp.starttls: false only if the server offers no STARTTLS, or use secure: true with port 465';
  }
  return 'check email.smtp.host and email.smtp.port, and that this machine can reach the SMTP server';
}
