import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Bot, GrammyError, InlineKeyboard, InputFile, webhookCallback } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TelegramStandin } from './index.ts';

let standin: TelegramStandin;
let running: { bot: Bot; done: Promise<void>; errors: unknown[] } | undefined;
const alice = { id: 2001, username: 'alice', first_name: 'Alice' };

beforeEach(async () => {
  standin = await TelegramStandin.start();
  running = undefined;
});
afterEach(async () => {
  if (running?.bot.isRunning()) await running.bot.stop();
  await running?.done;
  await standin.close();
});

function newBot(): Bot {
  return new Bot(standin.token, { client: { apiRoot: standin.apiRoot } });
}

/** Starts long polling against the stand-in with bot.catch installed; resolves once polling begins. */
async function startPolling(setup: (bot: Bot) => void): Promise<{ bot: Bot; done: Promise<void>; errors: unknown[] }> {
  const bot = newBot();
  const errors: unknown[] = [];
  bot.catch((error) => void errors.push(error.error));
  setup(bot);
  let done!: Promise<void>;
  await new Promise<void>((resolve, reject) => {
    done = bot.start({ onStart: () => resolve() });
    done.catch(reject);
  });
  running = { bot, done, errors };
  return running;
}

describe('grammY long polling against the stand-in', () => {
  it('delivers a /command with its entity to bot.command and records the HTML reply', async () => {
    const { errors } = await startPolling((bot) => {
      bot.command('start', (ctx) => ctx.reply(`Welcome, <b>${ctx.match}</b> &amp; friends`, { parse_mode: 'HTML' }));
    });
    standin.userSends(alice, '/start ABCD2345');
    const reply = await standin.nextSent(alice.id);
    expect(reply).toMatchObject({ method: 'sendMessage', raw: 'Welcome, <b>ABCD2345</b> &amp; friends', text: 'Welcome, ABCD2345 & friends' });
    expect(standin.requests.slice(0, 3).map((request) => request.method)).toEqual(['getMe', 'deleteWebhook', 'getUpdates']);
    expect(errors).toEqual([]);
  });

  it('also accepts /command@botname, and a message without a bot_command entity triggers no command', async () => {
    const seen: string[] = [];
    await startPolling((bot) => {
      bot.command('help', (ctx) => void seen.push(`command:${ctx.message?.text}`));
      bot.on('message:text', (ctx) => void seen.push(`text:${ctx.message.text}`));
    });
    standin.userSends(alice, '/help', { entities: [] });
    standin.userSends(alice, '/help@doorman_test_bot');
    await standin.waitForParkedPoll(); // parked again = every update handled and confirmed
    expect(seen).toEqual(['text:/help', 'command:/help@doorman_test_bot']);
  });

  it('presses a button: the callback query is answered and the message edited', async () => {
    await startPolling((bot) => {
      bot.command('remove', (ctx) => ctx.reply('Remove it?', { reply_markup: new InlineKeyboard().text('Yes', 'remove:yes') }));
      bot.callbackQuery('remove:yes', async (ctx) => {
        await ctx.answerCallbackQuery({ text: 'Done' });
        await ctx.editMessageText('<i>Removed.</i>', { parse_mode: 'HTML' });
      });
    });
    standin.userSends(alice, '/remove');
    const question = await standin.nextSent(alice.id);
    expect(question.buttons).toEqual([{ text: 'Yes', callbackData: 'remove:yes' }]);
    standin.userPresses(alice, question, 'remove:yes');
    const edit = await standin.waitForSent((message) => message.method === 'editMessageText');
    expect(edit).toMatchObject({ messageId: question.messageId, text: 'Removed.', buttons: [] });
    expect((await standin.waitFor((request) => request.method === 'answerCallbackQuery')).status).toBe(200);
  });

  it('stops promptly and cleanly: the parked poll is aborted and the offset confirmed with limit 1', async () => {
    const { bot, done, errors } = await startPolling((b) => b.on('message', () => undefined));
    const update = standin.userSends(alice, 'hello');
    await standin.waitFor((request) => request.method === 'getUpdates' && (request.params.offset as number) > update.update_id);
    await standin.waitForParkedPoll();
    await bot.stop();
    await done;
    const polls = standin.requests.filter((request) => request.method === 'getUpdates');
    expect(polls.at(-2)?.status).toBe(0); // aborted by grammY
    expect(polls.at(-1)).toMatchObject({ status: 200, params: { offset: update.update_id + 1, limit: 1 } });
    expect(standin.pendingUpdates()).toEqual([]);
    expect(errors).toEqual([]);
  });
});

describe('grammY calls that fail the way Telegram fails', () => {
  it('surfaces a 429 as a GrammyError with parameters.retry_after (no auto-retry assumed)', async () => {
    standin.userSends(alice, '/start');
    standin.rateLimitNext('sendMessage', 5);
    const error = await newBot().api.sendMessage(alice.id, 'hi').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GrammyError);
    expect(error).toMatchObject({ error_code: 429, description: 'Too Many Requests: retry after 5', parameters: { retry_after: 5 } });
    await expect(newBot().api.sendMessage(alice.id, 'hi')).resolves.toMatchObject({ text: 'hi' });
  });

  it('refuses malformed HTML, a blocked user and a stranger', async () => {
    const api = newBot().api;
    standin.userSends(alice, '/start');
    await expect(api.sendMessage(alice.id, 'a<br>b', { parse_mode: 'HTML' })).rejects.toMatchObject({
      error_code: 400, description: expect.stringContaining('Unsupported start tag "br"'),
    });
    await expect(api.sendMessage(alice.id, 'x < y', { parse_mode: 'HTML' })).rejects.toBeInstanceOf(GrammyError);
    standin.blockBot(alice.id);
    await expect(api.sendMessage(alice.id, 'hi')).rejects.toMatchObject({ error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    await expect(api.sendMessage(9999, 'hi')).rejects.toMatchObject({ error_code: 400, description: 'Bad Request: chat not found' });
    expect(standin.sent()).toEqual([]);
  });

  it('refuses an edit that changes nothing', async () => {
    const api = newBot().api;
    standin.userSends(alice, '/start');
    const message = await api.sendMessage(alice.id, '<b>Same</b>', { parse_mode: 'HTML' });
    await expect(api.editMessageText(alice.id, message.message_id, '<b>Same</b>', { parse_mode: 'HTML' })).rejects.toMatchObject({
      error_code: 400, description: expect.stringMatching(/^Bad Request: message is not modified/),
    });
  });

  it('sets command lists per scope and refuses invalid ones', async () => {
    const api = newBot().api;
    standin.userSends(alice, '/start');
    await api.setMyCommands([{ command: 'me', description: 'Your account' }]);
    await api.setMyCommands([{ command: 'invite', description: 'Invites' }], { scope: { type: 'chat', chat_id: alice.id } });
    expect(standin.commands({ type: 'chat', chat_id: alice.id })).toEqual([{ command: 'invite', description: 'Invites' }]);
    expect(await api.getMyCommands()).toEqual([{ command: 'me', description: 'Your account' }]);
    await expect(api.setMyCommands([{ command: 'Me', description: 'x' }])).rejects.toMatchObject({ description: 'Bad Request: BOT_COMMAND_INVALID' });
  });

  it('uploads a document as multipart with its name, content and caption', async () => {
    standin.userSends(alice, '/start');
    await newBot().api.sendDocument(alice.id, new InputFile(Buffer.from('name,expires\nbob,never\n'), 'users.csv'), {
      caption: '<b>2</b> users', parse_mode: 'HTML',
    });
    const [document] = standin.sent(alice.id);
    expect(document).toMatchObject({ method: 'sendDocument', raw: '<b>2</b> users', text: '2 users' });
    expect(document.document?.fileName).toBe('users.csv');
    expect(document.document?.content.toString()).toBe('name,expires\nbob,never\n');
    expect(standin.requests.at(-1)?.encoding).toBe('multipart');
  });
});

describe('grammY in webhook mode', () => {
  let hook: Server;
  afterEach(() => new Promise<void>((resolve) => hook.close(() => resolve())));

  it('handles an update posted with the right secret token and refuses one without it', async () => {
    const bot = newBot();
    bot.catch(() => undefined);
    bot.command('me', (ctx) => ctx.reply('You are Alice'));
    hook = createServer(webhookCallback(bot, 'http', { secretToken: 'hook_secret' }));
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/telegram`;
    await bot.api.setWebhook(url, { secret_token: 'hook_secret' });
    const update = standin.userSends(alice, '/me');

    const refused = await standin.postUpdateToWebhook(url, update);
    expect(refused.status).toBe(401);
    expect(standin.sent()).toEqual([]);

    const [delivered] = await standin.deliverPendingToWebhook();
    expect(delivered.status).toBe(200);
    expect(standin.sent(alice.id).map((message) => message.text)).toEqual(['You are Alice']);
  });
});
