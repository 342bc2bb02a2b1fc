import { afterEach, describe, expect, it } from 'vitest';
import type { StandinUser } from '../fakes/telegram/index.ts';
import { ADMIN, ALICE, BOB, startTelegramWorld, type TelegramWorld } from '../telegram/support.ts';

/**
 * Issue 6, acceptance: "A user with `lang de` gets German notices while the default is English."
 * End to end on Telegram: the app with messages.language en, people acting through the Telegram
 * stand-in, notices queued by the core and delivered by the app's outbox worker to the stand-in.
 */

let world: TelegramWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const PASSWORD = 'Secret-pass1';

async function start(): Promise<TelegramWorld> {
  world = await startTelegramWorld({ config: { messages: { language: 'en', timezone: 'Europe/Berlin' } } });
  // The admin has written to the bot before, as Telegram requires before a bot may message anyone.
  await world.say(ADMIN, '/start');
  return world;
}

/** The sign-up page's flow: a PIN for the invite, sent by the person to the bot, then the sign-up with it. */
async function signUpLinked(w: TelegramWorld, user: StandinUser, username: string): Promise<void> {
  const { invites, contacts, signup } = w.app.services;
  const code = (await invites.create({ uses: 1 })).code;
  const { pin } = await contacts.createPin({ inviteCode: code, platform: 'telegram' });
  expect((await w.say(user, `/link ${pin}`)).text).toMatch(/verifi/i);
  await signup.signup(code, { username, password: PASSWORD, contacts: { telegram: { pin } } });
}

function sentTo(w: TelegramWorld, user: StandinUser, startsWith: string) {
  return w.telegram.waitForSent((message) => message.chatId === user.id && message.text.startsWith(startsWith), 5000);
}

describe('a user who chose German, on a server whose default is English', () => {
  it('gets the welcome in German (chosen with /lang before linking); the admins are told in English', async () => {
    const w = await start();
    expect((await w.say(ALICE, '/lang de')).text).toContain('de');
    const welcome = sentTo(w, ALICE, 'Schön, dass du da bist');
    const adminNotice = sentTo(w, ADMIN, 'A new account was created');
    await signUpLinked(w, ALICE, 'alice');

    expect((await welcome).text).toContain('Schön, dass du da bist, alice! Dein Jellyfin-Konto ist eingerichtet.');
    expect((await adminNotice).text).toContain('A new account was created: alice');
    await w.telegram.waitForParkedPoll();
    const toAlice = w.telegram.sent(ALICE.id).map((message) => message.text);
    expect(toAlice.some((text) => text.startsWith('Welcome aboard'))).toBe(false);
    expect(w.telegram.sent(ADMIN.id).some((message) => message.text.startsWith('Ein neues Konto'))).toBe(false);
  });

  it('an announcement reaches the German reader in German and the other in English', async () => {
    const w = await start();
    await w.say(ALICE, '/lang de');
    await signUpLinked(w, ALICE, 'alice');
    await signUpLinked(w, BOB, 'bob');
    await sentTo(w, ALICE, 'Schön, dass du da bist');
    await sentTo(w, BOB, 'Welcome aboard');

    const toAlice = sentTo(w, ALICE, 'Hallo alice');
    const toBob = sentTo(w, BOB, 'Hi bob');
    const queued = await w.say(ADMIN, '/announce alice bob message:"Movie night on **Friday**" confirm:yes');
    expect(queued.text).toContain('Announcement queued: 2 messages to 2 people');

    expect((await toAlice).text).toBe('Hallo alice,\n\nMovie night on Friday');
    expect((await toAlice).raw).toContain('<b>Friday</b>');
    expect((await toBob).text).toBe('Hi bob,\n\nMovie night on Friday');
  });
});
