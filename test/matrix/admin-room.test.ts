import { afterEach, describe, expect, it } from 'vitest';
import type { MatrixStandin } from '../fakes/matrix/index.ts';
import { ADMIN, ALICE, startMatrixWorld, type MatrixWorld } from './support.ts';

/** `matrix.admin_room`: the bot joins it when invited; listed admins run admin commands there. */

let world: MatrixWorld;
afterEach(async () => world?.close());


/** The admin's group room (not direct), the bot invited; named in the config as the admin room. */
function withAdminRoom(standin: MatrixStandin): Record<string, unknown> {
  return { admin_room: standin.inviteBot(ADMIN, { isDirect: false }) };
}

describe('the admin room', () => {
  it('is joined on invite; a listed admin runs !invite create there; others are refused; chatter is ignored', async () => {
    world = await startMatrixWorld({ matrix: withAdminRoom });
    const roomId = world.config.matrix!.admin_room!;
    expect(world.matrix.membership(roomId, world.matrix.bot.userId)).toBe('join');
    world.matrix.userInvites(roomId, ADMIN, ALICE);
    world.matrix.userJoins(roomId, ALICE);
    await world.settle();

    const created = await world.say(roomId, ADMIN, '!invite create uses:1');
    expect(created.body).toMatch(/\/invite\/[A-Za-z0-9_-]+/);
    const refused = await world.say(roomId, ALICE, '!invite create uses:1');
    expect(refused.body).toMatch(/admin/i);
    expect(await world.app.services.invites.list()).toHaveLength(1);

    const before = world.matrix.sentBy(world.matrix.bot.userId, roomId).length;
    world.matrix.userSays(roomId, ALICE, 'good morning everyone');
    world.matrix.userSays(roomId, ADMIN, 'help');
    await world.settle();
    expect(world.matrix.sentBy(world.matrix.bot.userId, roomId)).toHaveLength(before);
  });

  it('never shows a secret there: !apikey create is refused with "in a DM"', async () => {
    world = await startMatrixWorld({ matrix: withAdminRoom });
    const roomId = world.config.matrix!.admin_room!;
    const answer = await world.say(roomId, ADMIN, '!apikey create name:script');
    expect(answer.body).toMatch(/private|direct/i);
    expect(await world.app.db.selectFrom('api_keys').selectAll().execute()).toEqual([]);
  });
});


describe('confirmations', () => {
  it('a destructive command asks to be sent again with confirm:true, which then does it', async () => {
    world = await startMatrixWorld();
    const roomId = await world.openDm(ADMIN);
    const { code } = await world.app.services.invites.create({ uses: 1 });
    const question = await world.say(roomId, ADMIN, `!invite revoke ${code}`);
    expect(question.body).toContain('confirm:true');
    expect(question.body).not.toContain('--yes');
    const revokedAt = async () => (await world.app.services.invites.list()).find((invite) => invite.code === code)?.revoked_at;
    expect(await revokedAt()).toBeNull();
    await world.say(roomId, ADMIN, `!invite revoke ${code} confirm:true`);
    expect(await revokedAt()).toEqual(expect.any(String));
  });
});

describe('admin notices', () => {
  it('go to the admin room by default, formatted', async () => {
    world = await startMatrixWorld({ matrix: withAdminRoom });
    const roomId = world.config.matrix!.admin_room!;
    const code = (await world.app.services.invites.create({ uses: 1 })).code;
    const notice = world.matrix.waitForSent((event) => event.roomId === roomId, 8000);
    await world.app.services.signup.signup(code, { username: 'zed', password: 'Secret-pass1' });
    const sent = await notice;
    expect(sent.msgtype).toBe('m.notice');
    expect(sent.body).toContain('zed');
    expect(sent.formatted_body).toContain('<strong>zed</strong>');
  });
});
