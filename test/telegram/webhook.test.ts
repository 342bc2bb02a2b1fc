import { afterEach, describe, expect, it } from 'vitest';
import { webhookSecret } from '../../adapters/telegram/index.ts';
import { ALICE, startTelegramWorld, type TelegramWorld } from './support.ts';

/** Webhook mode: Telegram POSTs updates to Doorman's HTTP server, which checks the secret token first. */

let world: TelegramWorld;
afterEach(async () => world?.close());

const HOOK = 'http://doorman.test/hooks/telegram';

async function sightings(): Promise<number> {
  return (await world.app.db.selectFrom('chat_identities').select('user_id').execute()).length;
}

describe('webhook mode', () => {
  it('sets the webhook with a secret derived from the token, and never polls', async () => {
    world = await startTelegramWorld({ telegram: { webhook_url: HOOK } });
    expect(world.adapter.mode).toBe('webhook');
    expect(world.adapter.webhookPath).toBe('/hooks/telegram');
    expect(world.telegram.webhook).toEqual({ url: HOOK, secretToken: webhookSecret(world.config.telegram!) });
    expect(world.telegram.requests.some((request) => request.method === 'getUpdates')).toBe(false);
  });

  it('handles an update POSTed with the right secret token; without it, 401 and nothing happens', async () => {
    world = await startTelegramWorld({ telegram: { webhook_url: HOOK, webhook_secret: 'hook-secret_1' } });
    const url = `${world.address}/hooks/telegram`;
    const update = world.telegram.userSends(ALICE, '/start');

    expect((await world.telegram.postUpdateToWebhook(url, update)).status).toBe(401);
    expect((await world.telegram.postUpdateToWebhook(url, update, 'hook-secret_2')).status).toBe(401);
    expect((await world.telegram.postUpdateToWebhook(url, update, '')).status).toBe(401);
    expect(world.telegram.sent()).toEqual([]);
    expect(await sightings()).toBe(0);

    const delivered = await world.telegram.postUpdateToWebhook(url, update, 'hook-secret_1');
    expect(delivered.status).toBe(200);
    expect(world.telegram.sent(ALICE.id).map((message) => message.text)).toEqual([expect.stringContaining("I'm Doorman")]);
    expect(await sightings()).toBe(1);
  });

  it('answers 200 for an update whose handling failed (the person got an apology), 400 for a body that is no update, 503 once stopped', async () => {
    world = await startTelegramWorld({ telegram: { webhook_url: HOOK } });
    const secret = webhookSecret(world.config.telegram!);
    const url = `${world.address}/hooks/telegram`;
    world.telegram.failNext('sendMessage', 400, 'Bad Request: something unexpected');
    const update = world.telegram.userSends(ALICE, '/help');
    expect((await world.telegram.postUpdateToWebhook(url, update, secret)).status).toBe(200);
    expect(world.telegram.sent(ALICE.id).map((message) => message.text)).toEqual([expect.stringMatching(/Something went wrong.*reference/)]);

    expect(await world.adapter.handleWebhook(secret, { hello: 'world' })).toEqual({ status: 400 });
    await world.adapter.stop();
    expect(await world.adapter.handleWebhook(secret, update)).toEqual({ status: 503 });
  });
});
