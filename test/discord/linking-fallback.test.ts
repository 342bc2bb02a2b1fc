import { afterEach, describe, expect, it } from 'vitest';
import { ALICE, ALICE_TG, api, BOSS, DAVE, startLinkingWorld, type LinkingWorld } from './linking-support.ts';

/**
 * Closed Discord DMs (the stand-in answers 50007): an account-addressed message falls back to the
 * account's other linked chat (Telegram here), and an admin's DM-sending command says why in its
 * ephemeral answer. Nothing is lost: the message arrives somewhere, or the caller is told.
 */

let world: LinkingWorld;
afterEach(async () => world?.close());

const PASSWORD = 'Secret-pass1';

/** Alice's account, linked on Discord and on Telegram (both by an admin). */
async function aliceOnBothChats(): Promise<string> {
  const { code } = await world.app.services.invites.create({ uses: 1 });
  const signup = await api(world, 'POST', `/api/v1/invites/${code}/signup`, { username: 'alice', password: PASSWORD });
  expect(signup.status).toBe(201);
  world.telegram!.userOpenedChat(ALICE_TG);
  await world.app.services.contacts.linkAccount({ user: 'alice', platform: 'discord', who: ALICE.id });
  await world.app.services.contacts.linkAccount({ user: 'alice', platform: 'telegram', who: String(ALICE_TG.id) });
  return signup.body.user.id as string;
}

describe('sending to an account whose Discord DMs are closed', () => {
  it('goes to Discord while it accepts', async () => {
    world = await startLinkingWorld({ telegram: true });
    const accountId = await aliceOnBothChats();
    const result = await world.app.services.contacts.sendToAccount({ jellyfinUserId: accountId, reply: { text: 'Your account expires tomorrow.' }, prefer: 'discord' });
    expect(result).toEqual({ platform: 'discord', user_id: ALICE.id, refused: [] });
    expect(world.discord.dmsTo(ALICE.id).map((message) => message.content)).toEqual(['Your account expires tomorrow.']);
    expect(world.telegram!.sent(ALICE_TG.id)).toEqual([]);
  });

  it('falls back to the linked Telegram chat when Discord answers 50007', async () => {
    world = await startLinkingWorld({ telegram: true });
    const accountId = await aliceOnBothChats();
    world.discord.closeDms(ALICE.id);
    const result = await world.app.services.contacts.sendToAccount({ jellyfinUserId: accountId, reply: { text: 'Your account expires tomorrow.' }, prefer: 'discord' });
    expect(result).toEqual({ platform: 'telegram', user_id: String(ALICE_TG.id), refused: [{ platform: 'discord', code: 'dm_closed' }] });
    const refusedDm = world.discord.requests.filter((request) => request.method === 'POST' && request.path.startsWith('/channels/') && request.status === 403);
    expect(refusedDm.map((request) => (request.response as { code: number }).code)).toEqual([50007]);
    expect(world.discord.dmsTo(ALICE.id)).toEqual([]);
    expect(world.telegram!.sent(ALICE_TG.id).map((message) => message.text)).toEqual(['Your account expires tomorrow.']);
  });

  it('when every linked chat refuses, nothing is lost silently: dm_closed naming each platform’s fix', async () => {
    world = await startLinkingWorld({ telegram: true });
    const accountId = await aliceOnBothChats();
    world.discord.closeDms(ALICE.id);
    world.telegram!.blockBot(ALICE_TG.id);
    const failure = await world.app.services.contacts.sendToAccount({ jellyfinUserId: accountId, reply: { text: 'Your account expires tomorrow.' }, prefer: 'discord' }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'dm_closed' });
    const message = (failure as Error).message;
    expect(message).toContain('all 2 linked chats refused');
    expect(message).toContain('Privacy & Safety');
    expect(message).toContain('unblock');
  });

  it('an account with no linked chat is refused with not_linked', async () => {
    world = await startLinkingWorld();
    const { code } = await world.app.services.invites.create({ uses: 1 });
    const signup = await api(world, 'POST', `/api/v1/invites/${code}/signup`, { username: 'alice', password: PASSWORD });
    await expect(world.app.services.contacts.sendToAccount({ jellyfinUserId: signup.body.user.id, reply: { text: 'hello' } })).rejects.toMatchObject({ code: 'not_linked' });
  });
});

describe('a command whose answer goes by DM', () => {
  it('/invite send reaches a server member who never used the bot, by exact username', async () => {
    world = await startLinkingWorld();
    const id = world.discord.userRunsSlashCommand(BOSS, { name: 'invite', subcommand: 'send', options: { to: 'dave.watches', platform: 'discord' } });
    expect((await world.discord.waitForReply(id)).content).toContain('Invite sent to dave.watches on Discord');
    expect(world.discord.dmsTo(DAVE.id).map((message) => message.content).join('\n')).toContain('/invite/');
  });

  it('/invite send to a user with closed DMs: the admin’s ephemeral answer says so and how to fix it; no invite is left behind', async () => {
    world = await startLinkingWorld();
    await world.discord.waitForReply(world.discord.userRunsSlashCommand(ALICE, { name: 'help', options: {} }));
    world.discord.closeDms(ALICE.id);
    const before = (await world.app.services.invites.list()).length;
    const id = world.discord.userRunsSlashCommand(BOSS, { name: 'invite', subcommand: 'send', options: { to: ALICE.id, platform: 'discord' } });
    const reply = await world.discord.waitForReply(id);
    expect(world.discord.interaction(id)?.ephemeral).toBe(true);
    expect(reply.content).toContain('did not let');
    expect(reply.content).toContain('Privacy & Safety');
    expect(world.discord.dmsTo(ALICE.id)).toEqual([]);
    expect((await world.app.services.invites.list()).filter((invite) => invite.status !== 'revoked').length).toBe(before);
  });
});
