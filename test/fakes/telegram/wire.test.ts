import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TelegramStandin } from './index.ts';

let standin: TelegramStandin;
const alice = { id: 1001, username: 'alice', first_name: 'Alice' };

beforeEach(async () => {
  standin = await TelegramStandin.start();
});
afterEach(async () => {
  await standin.close();
});

interface Answer {
  ok: boolean;
  result?: any;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number };
}

async function call(method: string, body: unknown = {}, token = standin.token): Promise<Answer & { status: number }> {
  const response = await fetch(`${standin.apiRoot}/bot${token}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, ...((await response.json()) as Answer) };
}

describe('the Bot API envelope', () => {
  it('answers getMe with the bot and records the call', async () => {
    const answer = await call('getMe');
    expect(answer).toMatchObject({ status: 200, ok: true });
    expect(answer.result).toMatchObject({
      id: 123456, is_bot: true, username: 'doorman_test_bot',
      can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false,
    });
    expect(standin.apiRoot).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(standin.requests.map((request) => [request.method, request.status])).toEqual([['getMe', 200]]);
  });

  it('refuses an unknown token with 401 and an unknown method with 404', async () => {
    expect(await call('getMe', {}, '999:nope')).toEqual({ status: 401, ok: false, error_code: 401, description: 'Unauthorized' });
    expect(await call('sendTelepathy')).toEqual({
      status: 404, ok: false, error_code: 404, description: 'Not Found: method not found',
    });
  });

  it('reads urlencoded and multipart bodies as well as JSON', async () => {
    standin.userSends(alice, 'hi');
    const form = new URLSearchParams({
      chat_id: String(alice.id),
      text: 'pick',
      reply_markup: JSON.stringify({ inline_keyboard: [[{ text: 'Yes', callback_data: 'yes' }]] }),
    });
    const urlencoded = await fetch(`${standin.apiRoot}/bot${standin.token}/sendMessage`, { method: 'POST', body: form });
    expect(urlencoded.status).toBe(200);
    expect(standin.sent(alice.id)[0].buttons).toEqual([{ text: 'Yes', callbackData: 'yes' }]);

    const multipart = new FormData();
    multipart.set('chat_id', String(alice.id));
    multipart.set('caption', '<b>report</b>');
    multipart.set('parse_mode', 'HTML');
    multipart.set('document', new Blob(['a,b\n1,2\n']), 'report.csv');
    const upload = await fetch(`${standin.apiRoot}/bot${standin.token}/sendDocument`, { method: 'POST', body: multipart });
    expect(upload.status).toBe(200);
    const document = standin.sent(alice.id)[1];
    expect(document).toMatchObject({ method: 'sendDocument', raw: '<b>report</b>', text: 'report' });
    expect(document.document?.fileName).toBe('report.csv');
    expect(document.document?.content.toString()).toBe('a,b\n1,2\n');
    expect(standin.requests.at(-1)?.encoding).toBe('multipart');
  });
});

describe('who the bot can message', () => {
  it('says "chat not found" for someone who never wrote to the bot', async () => {
    expect(await call('sendMessage', { chat_id: 4242, text: 'hello' })).toMatchObject({
      status: 400, error_code: 400, description: 'Bad Request: chat not found',
    });
    expect(standin.sent()).toEqual([]);
  });

  it('refuses to open a private chat with someone seen only in a group', async () => {
    standin.userSends(alice, 'hello all', { chatId: -100500, chatType: 'supergroup' });
    expect(await call('sendMessage', { chat_id: -100500, text: 'hi group' })).toMatchObject({ ok: true });
    expect(await call('sendMessage', { chat_id: alice.id, text: 'hi' })).toMatchObject({
      error_code: 403, description: "Forbidden: bot can't initiate conversation with a user",
    });
  });

  it('answers 403 once the user blocked the bot, and tells the bot with my_chat_member', async () => {
    standin.userSends(alice, '/start');
    const update = standin.blockBot(alice.id);
    expect(update?.my_chat_member?.new_chat_member.status).toBe('kicked');
    expect(await call('sendMessage', { chat_id: alice.id, text: 'hi' })).toMatchObject({
      status: 403, error_code: 403, description: 'Forbidden: bot was blocked by the user',
    });
    standin.unblockBot(alice.id);
    expect(await call('sendMessage', { chat_id: alice.id, text: 'hi' })).toMatchObject({ ok: true });
  });
});

describe('sendMessage and editMessageText', () => {
  beforeEach(() => void standin.userSends(alice, '/start'));

  it('records the raw HTML and the text Telegram shows', async () => {
    const answer = await call('sendMessage', { chat_id: alice.id, text: 'Hi <b>&lt;b&gt;&amp;</b>', parse_mode: 'HTML' });
    expect(answer.result).toMatchObject({ chat: { id: alice.id, type: 'private' }, text: 'Hi <b>&', entities: [{ type: 'bold', offset: 3, length: 4 }] });
    expect(standin.sent(alice.id)).toMatchObject([{ raw: 'Hi <b>&lt;b&gt;&amp;</b>', text: 'Hi <b>&', parseMode: 'HTML' }]);
  });

  it('refuses <br> and text over 4096 characters, and counts the limit after the tags are gone', async () => {
    expect(await call('sendMessage', { chat_id: alice.id, text: 'a<br>b', parse_mode: 'HTML' })).toMatchObject({
      status: 400, description: 'Bad Request: can\'t parse entities: Unsupported start tag "br" at byte offset 1',
    });
    expect(await call('sendMessage', { chat_id: alice.id, text: 'x'.repeat(4097) })).toMatchObject({
      description: 'Bad Request: message is too long',
    });
    expect(await call('sendMessage', { chat_id: alice.id, text: `<b>${'x'.repeat(4096)}</b>`, parse_mode: 'HTML' })).toMatchObject({ ok: true });
    expect(await call('sendMessage', { chat_id: alice.id, text: '  ' })).toMatchObject({ description: 'Bad Request: message text is empty' });
    expect(standin.sent()).toHaveLength(1);
  });

  it('says "message is not modified" for an edit that changes nothing, keyboard included', async () => {
    const keyboard = { inline_keyboard: [[{ text: 'OK', callback_data: 'ok' }]] };
    const sent = await call('sendMessage', { chat_id: alice.id, text: '<i>one</i>', parse_mode: 'HTML', reply_markup: keyboard });
    const edit = { chat_id: alice.id, message_id: sent.result.message_id, parse_mode: 'HTML', reply_markup: keyboard };
    expect(await call('editMessageText', { ...edit, text: '<i>one</i>' })).toMatchObject({
      status: 400,
      description: expect.stringMatching(/^Bad Request: message is not modified: /),
    });
    expect(await call('editMessageText', { ...edit, text: '<i>two</i>' })).toMatchObject({ ok: true, result: { text: 'two' } });
    const dropKeyboard = await call('editMessageText', { ...edit, text: '<i>two</i>', reply_markup: undefined });
    expect(dropKeyboard.result.reply_markup).toBeUndefined();
    expect(standin.message(alice.id, sent.result.message_id)?.text).toBe('two');
    expect(await call('editMessageText', { ...edit, message_id: 999, text: 'x' })).toMatchObject({
      description: 'Bad Request: message to edit not found',
    });
  });

  it('refuses callback_data longer than 64 bytes and URL buttons pointing at localhost', async () => {
    const send = (button: object) => call('sendMessage', { chat_id: alice.id, text: 'x', reply_markup: { inline_keyboard: [[button]] } });
    expect(await send({ text: 'X', callback_data: 'x'.repeat(65) })).toMatchObject({ description: 'Bad Request: BUTTON_DATA_INVALID' });
    expect(await send({ text: 'Open', url: 'http://localhost:8096/invite/abc' })).toMatchObject({ description: 'Bad Request: BUTTON_URL_INVALID' });
    expect(await send({ text: 'Open', url: 'http://127.0.0.1:8096/invite/abc' })).toMatchObject({ ok: true });
  });
});

describe('getUpdates', () => {
  it('returns pending updates and forgets those below the offset', async () => {
    const first = standin.userSends(alice, 'one');
    standin.userSends(alice, 'two');
    const both = await call('getUpdates', { offset: 0 });
    expect(both.result.map((update: any) => update.message.text)).toEqual(['one', 'two']);
    const limited = await call('getUpdates', { offset: first.update_id, limit: 1 });
    expect(limited.result.map((update: any) => update.message.text)).toEqual(['one']);
    const confirmed = await call('getUpdates', { offset: first.update_id + 1 });
    expect(confirmed.result.map((update: any) => update.message.text)).toEqual(['two']);
    expect(standin.pendingUpdates()).toHaveLength(1);
  });

  it('refuses, as a test mistake, a user message Telegram would not let a user send', () => {
    expect(() => standin.userSends(alice, 'x'.repeat(4097))).toThrow(/1–4096 characters/);
    expect(standin.userSends(alice, 'x'.repeat(4096)).message?.text).toHaveLength(4096);
  });

  it('parks a long poll until a user writes, then answers with the update', async () => {
    const poll = call('getUpdates', { offset: 1, timeout: 30 });
    await standin.waitForParkedPoll();
    expect(standin.isPollParked).toBe(true);
    const update = standin.userSends(alice, '/start');
    const answer = await poll;
    expect(answer.result).toEqual([update]);
    expect(update.message?.entities).toEqual([{ type: 'bot_command', offset: 0, length: 6 }]);
  });

  it('ends a parked poll with 409 when a second one arrives', async () => {
    const first = call('getUpdates', { timeout: 30 });
    await standin.waitForParkedPoll();
    const second = call('getUpdates', { timeout: 0 });
    expect(await first).toMatchObject({ status: 409, description: expect.stringMatching(/^Conflict: terminated by other getUpdates/) });
    expect(await second).toMatchObject({ ok: true, result: [] });
  });

  it('answers a parked poll with nothing when its timeout passes', async () => {
    expect(await call('getUpdates', { timeout: 1 })).toMatchObject({ ok: true, result: [] });
  });

  it('refuses getUpdates while a webhook is set', async () => {
    expect(await call('setWebhook', { url: 'http://127.0.0.1:9/hook', secret_token: 's3cret' })).toMatchObject({ ok: true });
    expect(standin.webhook).toEqual({ url: 'http://127.0.0.1:9/hook', secretToken: 's3cret' });
    expect(await call('getUpdates')).toMatchObject({ status: 409 });
    await call('deleteWebhook');
    expect(await call('getUpdates')).toMatchObject({ ok: true });
  });

  it('lets close() end a parked poll at once', async () => {
    const poll = call('getUpdates', { timeout: 30 });
    await standin.waitForParkedPoll();
    await standin.close();
    expect(await poll).toMatchObject({ ok: true, result: [] });
    standin = await TelegramStandin.start(); // afterEach closes this one
  });
});

describe('faults on demand', () => {
  it('answers 429 with retry_after the requested number of times, then works again', async () => {
    standin.userSends(alice, '/start');
    standin.rateLimitNext('sendMessage', 3, 2);
    const limited = { status: 429, error_code: 429, description: 'Too Many Requests: retry after 3', parameters: { retry_after: 3 } };
    expect(await call('sendMessage', { chat_id: alice.id, text: 'a' })).toMatchObject(limited);
    expect(await call('sendMessage', { chat_id: alice.id, text: 'a' })).toMatchObject(limited);
    expect(await call('sendMessage', { chat_id: alice.id, text: 'a' })).toMatchObject({ ok: true });
  });

  it('fails the next call with exactly the given error', async () => {
    standin.failNext('getMe', 502, 'Bad Gateway');
    expect(await call('getMe')).toEqual({ status: 502, ok: false, error_code: 502, description: 'Bad Gateway' });
    expect(await call('getMe')).toMatchObject({ ok: true });
  });
});

describe('setMyCommands', () => {
  it('keeps one list per scope and language', async () => {
    const user = [{ command: 'start', description: 'Begin' }];
    const admin = [...user, { command: 'invite', description: 'Manage invites' }];
    standin.userSends(alice, '/start');
    expect(await call('setMyCommands', { commands: user })).toMatchObject({ ok: true, result: true });
    expect(await call('setMyCommands', { commands: admin, scope: { type: 'chat', chat_id: alice.id } })).toMatchObject({ ok: true });
    expect(await call('setMyCommands', { commands: user, scope: { type: 'all_private_chats' }, language_code: 'de' })).toMatchObject({ ok: true });
    expect((await call('getMyCommands', { scope: { type: 'chat', chat_id: alice.id } })).result).toEqual(admin);
    expect(standin.commands()).toEqual(user);
    expect([...standin.allCommands().keys()]).toEqual(['default|', `chat:${alice.id}|`, 'all_private_chats|de']);
  });

  it('refuses bad names and descriptions, and a chat scope for a chat the bot never saw', async () => {
    const refuse = async (commands: unknown, scope?: unknown) => (await call('setMyCommands', { commands, scope })).description;
    expect(await refuse([{ command: 'Invite', description: 'x' }])).toBe('Bad Request: BOT_COMMAND_INVALID');
    expect(await refuse([{ command: '/start', description: 'x' }])).toBe('Bad Request: BOT_COMMAND_INVALID');
    expect(await refuse([{ command: 'a'.repeat(33), description: 'x' }])).toBe('Bad Request: BOT_COMMAND_INVALID');
    expect(await refuse([{ command: 'ok', description: '' }])).toBe('Bad Request: command description must be non-empty');
    expect(await refuse([{ command: 'ok', description: 'd'.repeat(257) }])).toBe('Bad Request: BOT_COMMAND_DESCRIPTION_INVALID');
    expect(await refuse([{ command: 'ok', description: 'x' }], { type: 'chat', chat_id: 777 })).toBe('Bad Request: chat not found');
    expect(standin.allCommands().size).toBe(0);
  });
});

describe('callback queries, waiting and webhooks', () => {
  it('lets a user press a button the bot sent, and accepts one answer to it', async () => {
    standin.userSends(alice, '/start');
    const keyboard = { inline_keyboard: [[{ text: 'Yes', callback_data: 'confirm:1' }]] };
    await call('sendMessage', { chat_id: alice.id, text: 'Sure?', reply_markup: keyboard });
    const [message] = standin.sent(alice.id);
    expect(() => standin.userPresses(alice, message, 'nope')).toThrow(/has no button with callback_data "nope"/);
    const update = standin.userPresses(alice, message, 'confirm:1');
    expect(update.callback_query).toMatchObject({ data: 'confirm:1', from: { id: alice.id }, message: { text: 'Sure?' } });
    const id = update.callback_query?.id;
    expect(await call('answerCallbackQuery', { callback_query_id: id })).toMatchObject({ ok: true });
    expect(await call('answerCallbackQuery', { callback_query_id: id })).toMatchObject({ status: 400 });
  });

  it('waitFor rejects after the timeout with a list of what arrived', async () => {
    await call('getMe');
    await expect(standin.waitFor((request) => request.method === 'sendMessage', 30)).rejects.toThrow(/within 30 ms; requests so far:\n {2}#0 getMe → 200/);
  });

  it('posts an update to a webhook with the secret token header', async () => {
    const seen: { headers: IncomingHttpHeaders; body: string }[] = [];
    const hook = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        seen.push({ headers: request.headers, body });
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/telegram`;
      await call('setWebhook', { url, secret_token: 'tok_1' });
      const update = standin.userSends(alice, '/me');
      expect((await call('getWebhookInfo')).result).toMatchObject({ url, pending_update_count: 1 });
      const [delivery] = await standin.deliverPendingToWebhook();
      expect(delivery.status).toBe(200);
      expect(seen[0].headers['x-telegram-bot-api-secret-token']).toBe('tok_1');
      expect(JSON.parse(seen[0].body)).toEqual(update);
      expect(standin.pendingUpdates()).toEqual([]);
    } finally {
      await new Promise((resolve) => hook.close(resolve));
    }
  });
});
