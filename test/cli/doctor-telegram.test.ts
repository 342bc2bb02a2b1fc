import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTelegram } from '../../src/doctor.ts';
import { TelegramStandin } from '../fakes/telegram/index.ts';

describe('doctor checks the Telegram bot', () => {
  let telegram: TelegramStandin;
  beforeAll(async () => {
    telegram = await TelegramStandin.start({ botUsername: 'doorman_doctor_bot' });
  });
  afterAll(async () => {
    await telegram?.close();
  });

  it('passes when the token works, naming the bot and the mode, never the token', async () => {
    const result = await checkTelegram({ token: telegram.token, api_root: telegram.apiRoot });
    expect(result).toMatchObject({ status: 'ok' });
    expect(result.detail).toContain('@doorman_doctor_bot');
    expect(result.detail).toContain('long polling');
    expect(JSON.stringify(result)).not.toContain(telegram.token);
  });

  it('says what to fix for a refused token', async () => {
    const result = await checkTelegram({ token: '999:wrong-token', api_root: telegram.apiRoot });
    expect(result).toMatchObject({ status: 'FAIL' });
    expect(result.fix).toContain('telegram.token');
    expect(JSON.stringify(result)).not.toContain('wrong-token');
  });

  it('says what to fix when the Bot API cannot be reached', async () => {
    const result = await checkTelegram({ token: telegram.token, api_root: 'http://127.0.0.1:9' });
    expect(result).toMatchObject({ status: 'FAIL' });
    expect(result.fix).toContain('telegram.api_root');
  });
});
