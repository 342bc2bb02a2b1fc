import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, ALICE, BOB, startMatrixWorld, type MatrixWorld } from './support.ts';

/** The Matrix bot end to end: the real matrix-bot-sdk against the homeserver stand-in, Doorman built by createApp. */

let world: MatrixWorld;
afterEach(async () => world?.close());

/** The command words of a `help` table (the first column after the header row). */
function commandWords(body: string): string[] {
  const lines = body.split('\n');
  const header = lines.findIndex((line) => /^command\s+what it does/.test(line));
  return lines.slice(header + 1).map((line) => line.split(/\s+/)[0]).filter((word) => word !== '');
}

describe('the Matrix bot in a DM', () => {
  it('joins a DM it is invited to; !help answers with the user commands only, as a formatted notice', async () => {
    world = await startMatrixWorld();
    const roomId = await world.openDm(ALICE);
    expect(world.matrix.membership(roomId, world.matrix.bot.userId)).toBe('join');
    const help = await world.say(roomId, ALICE, '!help');
    expect(help.msgtype).toBe('m.notice');
    expect(help.format).toBe('org.matrix.custom.html');
    expect(help.formatted_body).toContain('<pre><code>command');
    const words = commandWords(help.body ?? '');
    expect(words).toEqual(expect.arrayContaining(['start', 'link', 'help']));
    expect(words.filter((word) => ['invite', 'user', 'profile', 'apikey'].includes(word))).toEqual([]);

    const adminRoom = await world.openDm(ADMIN);
    const adminHelp = await world.say(adminRoom, ADMIN, '!help');
    expect(commandWords(adminHelp.body ?? '')).toEqual(expect.arrayContaining(['invite', 'user']));
  });

  it('runs a plain word in a DM (no ! needed) and answers what it does not know with the runtime refusal', async () => {
    world = await startMatrixWorld();
    const roomId = await world.openDm(BOB);
    const refusal = await world.say(roomId, BOB, 'frobnicate');
    expect(refusal.msgtype).toBe('m.notice');
    expect(refusal.body).toMatch(/frobnicate/);
    const start = await world.say(roomId, BOB, 'start');
    expect(start.body).not.toMatch(/not a command/);
  });

  it('!invite create uses:1 works for a listed admin and is refused for anyone else', async () => {
    world = await startMatrixWorld();
    const adminRoom = await world.openDm(ADMIN);
    const created = await world.say(adminRoom, ADMIN, '!invite create uses:1');
    expect(created.body).toMatch(/\/invite\/[A-Za-z0-9_-]+/);
    expect(await world.app.services.invites.list()).toHaveLength(1);

    const aliceRoom = await world.openDm(ALICE);
    const refused = await world.say(aliceRoom, ALICE, '!invite create uses:1');
    expect(refused.body).toMatch(/admin/i);
    expect(await world.app.services.invites.list()).toHaveLength(1);
  });
});

describe('invites the bot answers', () => {
  it('rejects an invite to a room that is neither direct nor the admin room, and joins the admin room', async () => {
    world = await startMatrixWorld({ matrix: { admin_room: '!admins:example.test' } });
    const group = world.matrix.inviteBot(ALICE, { isDirect: false });
    await world.matrix.waitFor((request) => request.path === `/rooms/${group}/leave` && request.status === 200);
    await world.settle();
    expect(world.matrix.membership(group, world.matrix.bot.userId)).toBe('leave');
    expect(world.matrix.requests.some((request) => request.path === `/join/${group}`)).toBe(false);
  });
});

describe('reaching people who never wrote to the bot', () => {
  it('!invite send @user:server opens a DM and sends the link there', async () => {
    world = await startMatrixWorld();
    const adminRoom = await world.openDm(ADMIN);
    const link = world.matrix.waitForSent((event) => event.roomId !== adminRoom && /\/invite\//.test(event.body ?? ''));
    const done = await world.say(adminRoom, ADMIN, `!invite send ${BOB}`);
    expect(done.body).toContain(`Invite sent to ${BOB}`);
    const sent = await link;
    expect(world.matrix.membership(sent.roomId, BOB)).toBe('join');
    expect(world.matrix.accountData(world.matrix.bot.userId, 'm.direct')).toMatchObject({ [BOB]: [sent.roomId] });
  });
});

describe('encrypted rooms', () => {
  it('says once that it cannot read encrypted messages, instead of staying silent', async () => {
    world = await startMatrixWorld();
    const roomId = await world.openDm(ALICE);
    const notice = world.matrix.nextSent(roomId);
    world.matrix.userSendsEvent(roomId, ALICE, 'm.room.encrypted', { algorithm: 'm.megolm.v1.aes-sha2', ciphertext: 'AwgA…' });
    expect((await notice).body).toContain('cannot read encrypted messages');
    world.matrix.userSendsEvent(roomId, ALICE, 'm.room.encrypted', { algorithm: 'm.megolm.v1.aes-sha2', ciphertext: 'AwgB…' });
    await world.settle();
    expect(world.matrix.sentBy(world.matrix.bot.userId, roomId)).toHaveLength(1);
  });
});
