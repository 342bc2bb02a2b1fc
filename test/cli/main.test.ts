import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { main } from '../../src/cli.ts';
import { pickPort } from '../../src/demo.ts';
import { JellyfinStandin } from '../../src/jellyfin/standin/index.ts';
import { silentLogger } from '../../src/log.ts';
import { captureIo, readTestConfig, STANDIN_ADMIN, TEST_PUBLIC_URL, writeTestConfig, type TestConfigFile } from '../support/app-harness.ts';

/** The CLI verbs run in the test process through main(argv, io): same code as the bin, no tsx start-up. */

let standin: JellyfinStandin;
let config: TestConfigFile;

beforeAll(async () => {
  standin = await JellyfinStandin.start({ admin: STANDIN_ADMIN });
  config = writeTestConfig(standin.url);
});
afterAll(async () => {
  await standin?.close();
  config?.remove();
});

async function cli(...argv: string[]) {
  const io = captureIo();
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

function run(...words: string[]) {
  return cli('run', '--config', config.file, ...words);
}

describe('doorman run', () => {
  it('invite list prints one line per invite on stdout, its code first; the heading goes to stderr', async () => {
    const codes: string[] = [];
    for (const label of ['first', 'second words']) {
      const created = await run('invite', 'create', `label:${label}`, '--json');
      expect(created.code).toBe(0);
      codes.push((JSON.parse(created.out) as { reply: { data: { invite: { code: string } } } }).reply.data.invite.code);
    }
    const listed = await run('invite', 'list');
    expect(listed.code).toBe(0);
    const lines = listed.out.trimEnd().split('\n');
    expect(lines.map((line) => line.split(' ')[0]).sort()).toEqual([...codes].sort());
    expect(listed.err).toContain('code');
    expect(listed.out).not.toMatch(/\t/);
  });

  it('--json prints {reply} with the machine-readable data', async () => {
    const result = await run('invite', 'create', 'uses:0', 'valid:2w', '--json');
    const { reply } = JSON.parse(result.out) as { reply: { text: string; data: { invite: { link: string; uses_total: number } } } };
    expect(reply.data.invite.uses_total).toBe(0);
    expect(reply.data.invite.link.startsWith(`${TEST_PUBLIC_URL}/invite/`)).toBe(true);
  });

  it('exits 2 with the message on stderr for a bad option, a bad value and an unknown command', async () => {
    for (const words of [['invite', 'create', 'usess:3'], ['invite', 'create', 'uses:lots'], ['invite', 'frobnicate'], []]) {
      const result = await run(...words);
      expect(result.code).toBe(2);
      expect(result.out).toBe('');
      expect(result.err.length).toBeGreaterThan(10);
    }
    expect((await run('invite', 'create', 'uses:lots')).err).toContain('uses: expected a whole number');
  });

  it('a destructive command exits 2 until --yes is given, then does it', async () => {
    const created = await run('invite', 'create', '--json');
    const code = (JSON.parse(created.out) as { reply: { data: { invite: { code: string } } } }).reply.data.invite.code;
    const refused = await run('invite', 'revoke', code);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('Run it again with --yes to confirm.');
    const done = await run('invite', 'revoke', code, '--yes');
    expect(done.code).toBe(0);
    expect(done.out).toContain('status: revoked');
  });

  it('doorman apikey create is doorman run apikey create: the key is the last line of stdout', async () => {
    const result = await cli('apikey', 'create', 'name:deploy', '--config', config.file);
    expect(result.code).toBe(0);
    const key = result.out.trimEnd().split('\n').at(-1)!;
    const app = await createApp(readTestConfig(config.file), { log: silentLogger() });
    try {
      expect(await app.services.apiKeys.verify(key)).toMatchObject({ name: 'deploy' });
    } finally {
      await app.close();
    }
  });
});

describe('configuration problems', () => {
  it('a ConfigError lists every problem with its key path and exits 2', async () => {
    const file = join(config.dir, 'broken.yaml');
    writeFileSync(file, 'server:\n  port: lots\njellyfin:\n  url: not-an-address\n  username: admin\n');
    const result = await cli('run', '--config', file, 'invite', 'list');
    expect(result.code).toBe(2);
    expect(result.err).toContain('server.port');
    expect(result.err).toContain('jellyfin.url');
    expect(result.err).toContain('jellyfin.password');
  });

  it('a missing file says how to make one; $DOORMAN_CONFIG is used when --config is absent', async () => {
    const missing = await cli('run', '--config', join(config.dir, 'nope.yaml'), 'invite', 'list');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('config.example.yaml');
    const io = captureIo({ DOORMAN_CONFIG: config.file });
    expect(await main(['run', 'help'], io)).toBe(0);
    expect(io.out()).toContain('invite create');
  });
});

describe('the other verbs', () => {
  it('doctor passes against a reachable Jellyfin with an admin account', async () => {
    const result = await cli('doctor', '--config', config.file);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^ok\s+config:/m);
    expect(result.out).toMatch(/^ok\s+database:/m);
    expect(result.out).toMatch(/^ok\s+jellyfin: .*10\.11/m);
    expect(result.out).toMatch(/^ok\s+jellyfin account:/m);
  });

  it('doctor names what to fix and exits 2 when the password is wrong or Jellyfin is down', async () => {
    const wrong = writeTestConfig(standin.url, { jellyfin: { url: standin.url, username: 'admin', password: 'wrong' } });
    const down = writeTestConfig('http://127.0.0.1:9', {});
    try {
      const refused = await cli('doctor', '--config', wrong.file);
      expect(refused.code).toBe(2);
      expect(refused.out).toMatch(/^FAIL\s+jellyfin account: .*jellyfin\.password/m);
      const unreachable = await cli('doctor', '--config', down.file);
      expect(unreachable.code).toBe(2);
      expect(unreachable.out).toMatch(/^FAIL\s+jellyfin: cannot reach/m);
      expect(unreachable.out).toContain('fix: check jellyfin.url');
      expect(unreachable.out).toMatch(/^skipped\s+jellyfin account/m);
    } finally {
      wrong.remove();
      down.remove();
    }
  });

  it('migrate applies pending migrations and migrate down undoes the last one', async () => {
    const fresh = writeTestConfig(standin.url);
    try {
      const up = await cli('migrate', '--config', fresh.file);
      expect(up.code).toBe(0);
      expect(up.out).toMatch(/^applied: \d{8}_\d{4}_/m);
      expect((await cli('migrate', '--config', fresh.file)).out).toBe('The database is up to date.\n');
      const down = await cli('migrate', 'down', '--config', fresh.file);
      expect(down.out).toMatch(/^undone: /m);
      expect((await cli('migrate', 'sideways', '--config', fresh.file)).code).toBe(2);
    } finally {
      fresh.remove();
    }
  });

  it('start applies the migrations, serves on server.host:server.port and stops cleanly when asked', async () => {
    const port = await pickPort(0);
    const served = writeTestConfig(standin.url, { server: { host: '127.0.0.1', port } });
    try {
      let health = 0;
      const io = captureIo();
      io.untilStopped = async () => {
        health = (await fetch(`http://127.0.0.1:${port}/healthz`)).status;
        return 'SIGTERM';
      };
      expect(await main(['start', '--config', served.file], io)).toBe(0);
      expect(health).toBe(200);
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    } finally {
      served.remove();
    }
  });

  it('help prints the verbs; an unknown verb or flag exits 2', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    for (const verb of ['start', 'demo', 'run', 'console', 'doctor', 'migrate', 'apikey']) expect(help.out).toContain(`  ${verb}`);
    expect((await cli('launch')).code).toBe(2);
    expect((await cli('--verbose', 'run')).code).toBe(2);
    expect((await cli()).code).toBe(2);
  });
});
