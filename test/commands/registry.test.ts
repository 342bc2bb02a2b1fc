import { describe, expect, it } from 'vitest';
import { bindArguments, dispatch, resolveCommand } from '../../commands/dispatch.ts';
import { DomainError } from '../../commands/errors.ts';
import { registry } from '../../commands/index.ts';
import { parseTokens, tokenize } from '../../commands/parse.ts';
import type { Caller, CommandContext, CommandDef } from '../../commands/types.ts';
import type { Services } from '../../src/core/services.ts';

/** Parsing and binding through the real registry: what every text surface relies on. */

function command(name: string): CommandDef {
  const found = registry.find((c) => c.name === name);
  if (!found) throw new Error(`no command ${name}`);
  return found;
}

/** Tokenises a typed line and binds it to the command it names, as a text surface would. */
function bind(line: string): { command: CommandDef; args: Record<string, unknown> } {
  const invocation = parseTokens(tokenize(line));
  const resolved = resolveCommand(registry, invocation.words);
  if (!resolved) throw new Error(`nothing resolves ${line}`);
  return { command: resolved.command, args: bindArguments(resolved.command, invocation.options, [...resolved.extra, ...invocation.positional]) };
}

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

/** Services that fail the test if a command reaches them: the guard must refuse first. */
const untouchable = new Proxy({} as Services, {
  get(_target, key) {
    throw new Error(`services.${String(key)} was reached`);
  },
});

const member: Caller = { surface: 'telegram', id: '42', name: 'someone', isAdmin: false };
const admin: Caller = { surface: 'cli', id: 'local', name: 'tester', isAdmin: true };

describe('the command registry', () => {
  it('holds every command once, user commands for anyone or linked accounts and the rest for admins', () => {
    const names = registry.map((c) => c.name);
    expect(names).toEqual([
      'start', 'link', 'unlink', 'me', 'lang', 'notify',
      'invite create', 'invite send', 'invite list', 'invite show', 'invite revoke',
      'profile capture', 'profile list', 'profile show', 'profile default', 'profile rename', 'profile delete',
      'user list', 'user info', 'user link', 'apikey create', 'apikey list', 'apikey revoke', 'announce', 'announce template save', 'announce template list', 'announce template send', 'announce template delete', 'outbox status', 'outbox retry', 'message preview', 'help',
    ]);
    expect(new Set(names).size).toBe(names.length);
    const access = Object.fromEntries(registry.map((c) => [c.name, c.access]));
    expect(access).toMatchObject({ start: 'anyone', link: 'anyone', lang: 'anyone', help: 'anyone', unlink: 'linked', me: 'linked', notify: 'linked' });
    for (const c of registry) {
      expect(c.description.length).toBeGreaterThan(10);
      if (!['start', 'link', 'unlink', 'me', 'lang', 'notify', 'help'].includes(c.name)) expect(c.access).toBe('admin');
    }
    expect(registry.filter((c) => c.dmOnly).map((c) => c.name)).toEqual(['link', 'me', 'apikey create']);
  });

  it('types options given as text: counts become numbers, durations are checked, quoted values keep spaces', () => {
    const { command: c, args } = bind('invite create uses:3 valid:7d profile:Friends expiry:30d label:"two words" user_label:club');
    expect(c.name).toBe('invite create');
    expect(args).toEqual({ uses: 3, valid: '7d', profile: 'Friends', expiry: '30d', label: 'two words', user_label: 'club' });
    expect(bind('invite create uses:0').args).toEqual({ uses: 0 });
    expect(bind('profile capture name:Kids from:template homescreen:true').args).toEqual({ name: 'Kids', from: 'template', homescreen: true });
    expect(bind('profile capture name:Kids from:template homescreen:no').args.homescreen).toBe(false);
  });

  it('binds bare words to the positional option and keeps their case', () => {
    expect(bind('invite show AbCdEf').args).toEqual({ code: 'AbCdEf' });
    expect(bind('invite show code:Xy_9').args).toEqual({ code: 'Xy_9' });
    expect(bind('profile rename Friends to:Family').args).toEqual({ name: 'Friends', to: 'Family' });
    expect(bind('user info Alice').args).toEqual({ name: 'Alice' });
    expect(bind('apikey revoke 3f2a').args).toEqual({ id: '3f2a' });
    expect(bind('help invite create').args).toEqual({ command: ['invite', 'create'] });
    expect(bind('INVITE Show abc').command.name).toBe('invite show');
  });

  it('refuses unknown options, bad values, missing and surplus arguments as usage errors naming the problem', () => {
    const unknown = refusal(() => bind('invite create usess:3'));
    expect(unknown.code).toBe('usage');
    expect(unknown.message).toContain('no option "usess"');
    expect(unknown.message).toContain('Usage: invite create');

    const notANumber = refusal(() => bind('invite create uses:three'));
    expect(notANumber.code).toBe('validation');
    expect(notANumber.details.problems).toEqual([{ field: 'uses', message: 'expected a whole number' }]);

    expect(refusal(() => bind('invite create uses:-1')).details.problems?.[0].field).toBe('uses');
    expect(refusal(() => bind('invite create valid:7x')).message).toMatch(/^valid: expected a duration/);
    expect(refusal(() => bind('profile capture name:Kids from:t homescreen:maybe')).message).toContain('expected true or false');
    expect(refusal(() => bind('invite show')).message).toMatch(/^code: is required/);
    expect(refusal(() => bind('invite show abc def')).message).toContain('Unexpected "def"');
    expect(refusal(() => bind('invite list extra')).code).toBe('usage');
    expect(refusal(() => bind('invite create uses:')).message).toContain('has no value');
    expect(refusal(() => bind('invite create uses:1 uses:2')).message).toContain('given twice');
  });

  it('names an unknown command and points at help', async () => {
    const ctx: CommandContext = { caller: admin, services: untouchable };
    await expect(dispatch(registry, ctx, parseTokens(['invite', 'explode']))).rejects.toMatchObject({ code: 'usage' });
    await expect(dispatch(registry, ctx, parseTokens(['frobnicate']))).rejects.toThrow('There is no command "frobnicate". Use help');
  });

  it('names an unknown command even when its word has digits', async () => {
    const ctx: CommandContext = { caller: admin, services: untouchable };
    await expect(dispatch(registry, ctx, parseTokens(['invite2']))).rejects.toThrow('There is no command "invite2". Use help');
  });

  it('refuses every admin command to a non-admin with not_admin before any service is reached', async () => {
    const ctx: CommandContext = { caller: member, services: untouchable };
    for (const c of registry.filter((c) => c.access === 'admin')) {
      await expect(dispatch(registry, ctx, parseTokens(c.name.split(' ')))).rejects.toMatchObject({ code: 'not_admin', message: `Only admins may run ${c.name}.` });
    }
  });

  it('help lists what the caller may run and explains one command with its options', async () => {
    const forMember = await dispatch(registry, { caller: member, services: untouchable }, parseTokens(['help']));
    expect(forMember.table?.rows.map((r) => r[0])).toEqual(['start', 'link', 'lang', 'help']);

    const forAdmin = await dispatch(registry, { caller: admin, services: untouchable }, parseTokens(['help']));
    // The CLI admin has no linked account, so the linked-only commands are not listed for it.
    expect(forAdmin.table?.rows.map((r) => r[0])).toEqual(registry.filter((c) => c.access !== 'linked').map((c) => c.name));

    const one = await dispatch(registry, { caller: admin, services: untouchable }, parseTokens(tokenize('help invite create')));
    expect(one.text).toContain('Usage: invite create [uses:…] [valid:…] [profile:…] [expiry:…] [label:…] [user_label:…]');
    const options = Object.fromEntries(one.table!.rows.map(([name, description]) => [name, description]));
    expect(options['uses:…']).toContain('0 means unlimited');
    expect(options['uses:…']).toContain('(optional)');

    const positional = await dispatch(registry, { caller: admin, services: untouchable }, parseTokens(tokenize('help invite revoke')));
    expect(positional.table!.rows[0]).toEqual(['<code> or code:…', 'The invite code (the last part of its link)']);

    const group = await dispatch(registry, { caller: admin, services: untouchable }, parseTokens(tokenize('help profile')));
    expect(group.table!.rows.map((r) => r[0])).toEqual(registry.filter((c) => c.name.startsWith('profile ')).map((c) => c.name));

    await expect(dispatch(registry, { caller: member, services: untouchable }, parseTokens(tokenize('help invite create')))).rejects.toMatchObject({ code: 'not_admin' });
    await expect(dispatch(registry, { caller: admin, services: untouchable }, parseTokens(tokenize('help nothing here')))).rejects.toMatchObject({ code: 'usage' });
  });
});

it('destructive commands take a confirm option', () => {
  for (const name of ['invite revoke', 'profile delete', 'apikey revoke']) {
    expect(Object.keys(command(name).options.shape)).toContain('confirm');
  }
});
