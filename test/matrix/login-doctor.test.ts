import { PassThrough, Readable, Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.ts';
import { checkMatrix } from '../../src/doctor/matrix.ts';
import { openAppDatabase } from '../../src/app.ts';
import { MatrixRepository } from '../../src/db/repositories/matrix.repository.ts';
import { captureIo } from '../support/app-harness.ts';
import { ADMIN, startMatrixWorld, type MatrixWorld } from './support.ts';

/** `doorman matrix login` and `doorman doctor`'s Matrix checks, against the homeserver stand-in. */

let world: MatrixWorld;
afterEach(async () => world?.close());

function loginIo(password: string) {
  return { ...captureIo(), stdin: Readable.from([`${password}\n`]) };
}

/** A logger whose lines the test reads. */
function collectingLogger(lines: string[]) {
  return pino({ level: 'info' }, new Writable({ write: (chunk, _encoding, done) => (lines.push(chunk.toString()), done()) }));
}

describe('doorman matrix login', () => {
  it('logs in as matrix.user_id with device doorman, stores the token, and the next start uses it', async () => {
    world = await startMatrixWorld({ matrix: { access_token: '' }, deferStart: true });
    const io = loginIo(world.matrix.bot.password);
    expect(await main(['matrix', 'login', '--password-stdin', '--config', world.configFile.file], io)).toBe(0);
    expect(io.out()).toContain(`Logged in as ${world.matrix.bot.userId}`);
    expect(io.out() + io.err()).not.toContain(world.matrix.bot.password);
    const login = world.matrix.requests.find((request) => request.path === '/login' && request.method === 'POST');
    expect(login?.body).toMatchObject({ type: 'm.login.password', identifier: { type: 'm.id.user', user: world.matrix.bot.userId }, device_id: 'doorman' });
    const issued = (login?.response as { access_token: string }).access_token;

    const db = await openAppDatabase(world.config);
    expect(await new MatrixRepository(db).readValue('access_token')).toBe(issued);
    await db.destroy();
    expect(io.out()).not.toContain(issued);

    await world.boot();
    const roomId = await world.openDm(ADMIN);
    expect((await world.say(roomId, ADMIN, '!help')).msgtype).toBe('m.notice');
  });

  it('refuses a wrong password and stores nothing; a start without any token says to run the login', async () => {
    world = await startMatrixWorld({ matrix: { access_token: '' }, deferStart: true });
    const io = loginIo('not-the-password');
    expect(await main(['matrix', 'login', '--password-stdin', '--config', world.configFile.file], io)).toBe(2);
    expect(io.err()).toContain('refused the password');

    const lines: string[] = [];
    const { createApp } = await import('../../src/app.ts');
    const app = await createApp(world.config, { log: collectingLogger(lines) });
    try {
      await app.listen();
      await app.chatReady();
      expect(app.matrix).toBeNull();
      expect(lines.join('')).toContain('doorman matrix login');
    } finally {
      await app.close();
    }
  });

  it('asks for the password on a terminal without echoing it', async () => {
    world = await startMatrixWorld({ matrix: { access_token: '' }, deferStart: true });
    const raw: boolean[] = [];
    const terminal = Object.assign(new PassThrough(), { isTTY: true, setRawMode: (mode: boolean) => raw.push(mode) });
    const io = { ...captureIo(), stdin: terminal };
    const done = main(['matrix', 'login', '--config', world.configFile.file], io);
    setTimeout(() => terminal.write(`${world.matrix.bot.password}x\u007f\r`), 20);
    expect(await done).toBe(0);
    expect(io.err()).toContain(`Password for ${world.matrix.bot.userId}: `);
    expect(io.out() + io.err()).not.toContain(world.matrix.bot.password);
    expect(raw).toEqual([true, false]);
  });

  it('says how to use it when the words are wrong', async () => {
    world = await startMatrixWorld({ deferStart: true });
    const io = loginIo('x');
    expect(await main(['matrix', 'logout', '--config', world.configFile.file], io)).toBe(2);
    expect(io.err()).toContain('doorman matrix login');
  });
});

describe('doorman doctor for Matrix', () => {
  it('passes when the homeserver answers, the token is valid, the user id matches and the admin room is joined', async () => {
    world = await startMatrixWorld({ deferStart: true });
    const adminRoom = world.matrix.inviteBot(ADMIN, { isDirect: false });
    world.matrix.userJoins(adminRoom, world.matrix.bot.userId);
    const results = await checkMatrix({ ...world.config.matrix!, admin_room: adminRoom }, null);
    expect(results.map((result) => `${result.name} ${result.status}`)).toEqual(['matrix ok', 'matrix token ok', 'matrix user ok', 'matrix admin room ok']);
    expect(JSON.stringify(results)).not.toContain(world.matrix.bot.accessToken);

    const io = captureIo();
    await main(['doctor', '--config', world.configFile.file], io);
    expect(io.out()).toMatch(/ok\s+matrix token: the access token is valid/);
  });

  it('names the fix for each failure', async () => {
    world = await startMatrixWorld({ deferStart: true });
    const matrix = world.config.matrix!;
    const byName = async (config: typeof matrix) => Object.fromEntries((await checkMatrix(config, null)).map((result) => [result.name, result]));

    const unreachable = await byName({ ...matrix, homeserver: 'http://127.0.0.1:9' });
    expect(unreachable.matrix).toMatchObject({ status: 'FAIL', fix: expect.stringContaining('matrix.homeserver') });

    const noToken = await byName({ ...matrix, access_token: '' });
    expect(noToken['matrix token']).toMatchObject({ status: 'FAIL', fix: expect.stringContaining('doorman matrix login') });

    const refused = await byName({ ...matrix, access_token: 'syt_revoked' });
    expect(refused['matrix token']).toMatchObject({ status: 'FAIL', fix: expect.stringContaining('doorman matrix login') });
    expect(JSON.stringify(refused)).not.toContain('syt_revoked');

    const otherUser = await byName({ ...matrix, user_id: '@someone:example.test' });
    expect(otherUser['matrix user']).toMatchObject({ status: 'FAIL', fix: expect.stringContaining(world.matrix.bot.userId) });

    const notJoined = await byName({ ...matrix, admin_room: '!elsewhere:example.test' });
    expect(notJoined['matrix admin room']).toMatchObject({ status: 'FAIL', fix: expect.stringContaining(`invite ${matrix.user_id}`) });
  });
});
