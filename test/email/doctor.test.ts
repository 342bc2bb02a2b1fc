import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkEmail } from '../../src/doctor/email.ts';
import { SmtpStandin } from '../fakes/smtp.ts';

/** `doctor`'s SMTP check against the in-process SMTP server: a real connect and login, nothing sent. */

const LOGIN = { username: 'doorman@example.org', password: 'right' };
let smtp: SmtpStandin;

beforeAll(async () => {
  smtp = await SmtpStandin.start({ auth: LOGIN });
});
afterAll(async () => smtp?.close());

function email(smtpOverrides: Record<string, unknown> = {}) {
  return { smtp: { host: '127.0.0.1', port: smtp.port, secure: false, starttls: false, ...LOGIN, ...smtpOverrides }, from: 'doorman@example.org' };
}

describe('doctor: email', () => {
  it('passes when the server accepts the login, and sends nothing', async () => {
    const result = await checkEmail(email());
    expect(result).toEqual({ name: 'email', status: 'ok', detail: `127.0.0.1:${smtp.port} (plain SMTP) accepts the login of doorman@example.org` });
    expect(smtp.received).toEqual([]);
  });

  it('fails on a wrong password, names the keys to fix and never prints the password', async () => {
    const result = await checkEmail(email({ password: 'hunter2' }));
    expect(result.status).toBe('FAIL');
    expect(result.detail).toContain('refused');
    expect(result.fix).toContain('email.smtp.username and email.smtp.password');
    expect(JSON.stringify(result)).not.toContain('hunter2');
  });

  it('fails when nothing answers, pointing at host and port', async () => {
    const result = await checkEmail(email({ port: 1 }));
    expect(result.status).toBe('FAIL');
    expect(result.fix).toMatch(/email\.smtp\.host and email\.smtp\.port/);
  });

  it('fails when STARTTLS is required but the server has none, pointing at starttls', async () => {
    const result = await checkEmail(email({ starttls: true }));
    expect(result.status).toBe('FAIL');
    expect(result.detail).toContain('STARTTLS');
    expect(result.fix).toContain('email.smtp.starttls');
  });
});
