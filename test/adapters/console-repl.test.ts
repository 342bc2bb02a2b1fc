import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../../commands/index.ts';
import { runRepl } from '../../adapters/console/repl.ts';
import { execute, exitCodeOf, localCaller, type ConsoleSession } from '../../adapters/console/session.ts';
import type { Services } from '../../src/core/services.ts';
import { silentLogger } from '../../src/log.ts';
import { startAppHarness, TEST_PUBLIC_URL, type AppHarness } from '../support/app-harness.ts';

let harness: AppHarness;
let session: ConsoleSession;

beforeAll(async () => {
  harness = await startAppHarness();
  session = { registry, context: { caller: localCaller(), services: harness.app.services }, log: silentLogger() };
});
afterAll(async () => harness?.close());

/** Feeds lines to the REPL and returns everything it printed. */
async function converse(lines: string[], end = true): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const done = runRepl(session, { input, output });
  for (const line of lines) input.write(`${line}\n`);
  if (end) input.end();
  await done;
  return printed;
}

describe('the console REPL', () => {
  it('runs typed commands with quoted values, prints refusals and goes on, and leaves on exit', async () => {
    const printed = await converse(['invite create uses:2 label:"book club"', 'invite revoke nope', 'frobnicate', 'label:"unclosed', 'invite list', 'exit', 'invite list'], false);
    expect(printed).toContain('doorman> ');
    const link = new RegExp(`^${TEST_PUBLIC_URL.replace(/\./g, '\\.')}/invite/([\\w-]+)$`, 'm').exec(printed);
    expect(link).not.toBeNull();
    expect(printed).toContain('label: book club');
    expect(printed).toContain('There is no command "frobnicate"');
    expect(printed).toContain('A quote is not closed');
    // The list after exit never ran: the code appears in the create reply and once in the first list.
    expect(printed.split('\n').filter((line) => line.startsWith(`${link![1]} `))).toHaveLength(1);
  });

  it('ends on Ctrl-D (end of input) and answers --yes for a confirmation', async () => {
    const created = await execute(session, ['invite', 'create']);
    const code = created.status === 'ok' ? (created.reply.data as { invite: { code: string } }).invite.code : '';
    const printed = await converse([`invite revoke ${code}`, `invite revoke ${code} --yes`]);
    expect(printed).toContain('Run it again with --yes to confirm.');
    expect(printed).toContain(`Invite ${code} revoked`);
  });
});

describe('a console session', () => {
  it('turns a crash into an outcome with exit code 1 and a short message, refusals into exit code 2', async () => {
    const broken = { ...harness.app.services, invites: { list: () => Promise.reject(new Error('disk on fire')) } } as unknown as Services;
    const errors: unknown[] = [];
    const crashing: ConsoleSession = { registry, context: { caller: localCaller(), services: broken }, log: { error: (obj: unknown) => errors.push(obj) } as never };
    const outcome = await execute(crashing, ['invite', 'list']);
    expect(outcome.status).toBe('crashed');
    expect(exitCodeOf(outcome)).toBe(1);
    expect(errors).toHaveLength(1);
    expect(exitCodeOf(await execute(session, ['invite', 'list', 'usess:1']))).toBe(2);
    expect(exitCodeOf(await execute(session, ['help', '--yes']))).toBe(0);
  });
});
