import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildCommands, DISCORD_NAME, splitByAudience, type CommandJson } from '../../adapters/discord/commands.ts';
import { registry } from '../../commands/index.ts';
import { opt } from '../../commands/options.ts';
import { defineCommand } from '../../commands/types.ts';

const commands = buildCommands(registry);

function everyName(command: CommandJson): { name: string; description: string }[] {
  const out: { name: string; description: string }[] = [command];
  const walk = (options: { name: string; description: string; options?: unknown[] }[]) => {
    for (const option of options) {
      out.push(option);
      if (option.options) walk(option.options as typeof options);
    }
  };
  walk(command.options);
  return out;
}

describe('Discord command JSON from the registry', () => {
  it('makes one top-level command per first word', () => {
    const firstWords = new Set(registry.map((def) => def.name.split(' ')[0]));
    expect(commands.map((command) => command.name).sort()).toEqual([...firstWords].sort());
  });

  it('keeps every name and description within Discord rules', () => {
    for (const command of commands) {
      for (const entry of everyName(command)) {
        expect(entry.name).toMatch(DISCORD_NAME);
        expect(entry.description.length).toBeGreaterThan(0);
        expect(entry.description.length).toBeLessThanOrEqual(100);
      }
    }
  });

  it('puts required options before optional ones', () => {
    const invite = commands.find((command) => command.name === 'invite')!;
    for (const sub of invite.options) {
      const flags = ((sub as { options: { required: boolean }[] }).options).map((option) => option.required);
      expect(flags).toEqual([...flags].sort((a, b) => Number(b) - Number(a)));
    }
  });

  it('gives /invite create an optional INTEGER uses and no required option', () => {
    const invite = commands.find((command) => command.name === 'invite')!;
    const create = invite.options.find((option) => option.name === 'create') as { type: number; options: { name: string; type: number; required: boolean }[] };
    expect(create.type).toBe(1);
    expect(create.options.find((option) => option.name === 'uses')).toMatchObject({ type: 4, required: false });
    expect(create.options.find((option) => option.name === 'valid')).toMatchObject({ type: 3, required: false });
    expect(create.options.some((option) => option.required)).toBe(false);
  });

  it('maps flags to BOOLEAN, enums to choices and a bare word to a command with its options', () => {
    const notify = commands.find((command) => command.name === 'notify')!;
    expect(notify.options).toEqual([{ type: 5, name: 'state', description: 'on or off', required: true }]);
    const send = (commands.find((command) => command.name === 'invite')!.options.find((option) => option.name === 'send') as { options: { name: string; choices?: unknown }[] });
    expect(send.options.find((option) => option.name === 'platform')!.choices).toEqual([
      { name: 'telegram', value: 'telegram' }, { name: 'discord', value: 'discord' }, { name: 'matrix', value: 'matrix' },
    ]);
  });

  it('uses a subcommand group for three-word names', () => {
    const def = defineCommand({
      name: 'user notes add', description: 'Add a note.', access: 'admin',
      options: z.object({ text: opt.text('The note') }), positional: 'text',
      run: async () => ({ text: 'ok' }),
    });
    const [user] = buildCommands([def]);
    expect(user).toMatchObject({
      name: 'user',
      options: [{ type: 2, name: 'notes', options: [{ type: 1, name: 'add', options: [{ type: 3, name: 'text', required: true }] }] }],
    });
  });
});

describe('splitByAudience', () => {
  it('keeps words with any user command for everyone and admin-only words for the guild', () => {
    const { everyone, admin } = splitByAudience(registry);
    const firstWords = (defs: typeof registry) => [...new Set(defs.map((def) => def.name.split(' ')[0]))].sort();
    expect(firstWords(everyone)).toEqual(['help', 'lang', 'link', 'me', 'notify', 'start', 'unlink']);
    expect(firstWords(admin)).toEqual(expect.arrayContaining(['apikey', 'invite', 'profile', 'user']));
    for (const def of admin) expect(def.access).toBe('admin');
  });
});
