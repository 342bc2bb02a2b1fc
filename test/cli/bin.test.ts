import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { JellyfinStandin } from '../../src/jellyfin/standin/index.ts';
import { silentLogger } from '../../src/log.ts';
import { readTestConfig, STANDIN_ADMIN, TEST_PUBLIC_URL, writeTestConfig, type TestConfigFile } from '../support/app-harness.ts';

/**
 * The real bin in a child process, as scripts call it. Few on purpose: each pays tsx's start-up.
 * The child is spawned asynchronously: the stand-in it talks to lives in this process.
 */

const root = join(import.meta.dirname, '..', '..');
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

function doorman(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('DOORMAN_')));
    const child = spawn(process.execPath, [join(root, 'src', 'bin.mjs'), ...args], { cwd: config.dir, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the doorman bin', () => {
  it('run invite create: each argv element is one token, the link is printed, exit 0', async () => {
    const result = await doorman(['run', '--config', config.file, 'invite', 'create', 'uses:3', 'valid:7d', 'label:two words']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const link = new RegExp(`^${TEST_PUBLIC_URL.replace(/\./g, '\\.')}/invite/([A-Za-z0-9_-]{22,})$`, 'm').exec(result.stdout);
    expect(link).not.toBeNull();
    expect(result.stdout).toContain('label: two words');

    const app = await createApp(readTestConfig(config.file), { log: silentLogger() });
    try {
      expect(await app.services.invites.show(link![1])).toMatchObject({ label: 'two words', uses_total: 3 });
    } finally {
      await app.close();
    }
  });

  it('apikey create prints the key as the last line of stdout', async () => {
    const result = await doorman(['apikey', 'create', 'name:ci', '--config', config.file]);
    expect(result.code).toBe(0);
    const key = result.stdout.trimEnd().split('\n').at(-1)!;
    const app = await createApp(readTestConfig(config.file), { log: silentLogger() });
    try {
      expect(await app.services.apiKeys.verify(key)).toMatchObject({ name: 'ci' });
    } finally {
      await app.close();
    }
  });

  it('exits 2 with the message on stderr for an unknown command', async () => {
    const result = await doorman(['run', '--config', config.file, 'invite', 'frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('There is no command "invite frobnicate"');
  });
});
