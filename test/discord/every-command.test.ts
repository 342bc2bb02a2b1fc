import type { CommandInteractionOption } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BARE_SUBCOMMAND, buildCommands, type CommandJson, type ValueOptionJson } from '../../adapters/discord/commands.ts';
import { formLine, isFormCommand } from '../../adapters/discord/forms.ts';
import { commandText } from '../../adapters/discord/typed-line.ts';
import { bindArguments, resolveCommand } from '../../commands/dispatch.ts';
import { registry } from '../../commands/index.ts';
import { parseTokens } from '../../commands/parse.ts';
import { defineCommand, type CommandDef } from '../../commands/types.ts';
import { parseChatText } from '../../src/chat/text.ts';
import type { OptionValues } from '../../src/chat/types.ts';

/**
 * "Every command written for Telegram works on Discord without a Discord-specific copy of its logic":
 * each registry command is filled in as a person would on Discord (every option given), turned into
 * the typed line by the adapter's translation, and parsed by the shared chat parser and the command's
 * own schema, exactly as the runtime does before the handler. No usage or validation error may come back.
 */

const VALUES: OptionValues[] = [
  { command: 'invite create', option: 'profile', choices: ['Close friends', 'Kids'] },
  { command: 'lang', option: 'code', choices: ['en', 'de', 'fr'] },
];

/** Values a person might type; the first the option's own schema accepts is used (so new commands are covered too). */
const CANDIDATES = ['Book club', '7d', 'ABCD2345', '@alice', 'en', 'label=friends alice', 'message:"x"'];
const BY_NAME: Record<string, string> = { to: '@alice', code: 'ABCDEFGHJK', pin: 'ABCD2345', command: 'invite create', id: '700000000000000001', name: 'Close friends', from: 'template user' };

function sampleFor(def: CommandDef, option: ValueOptionJson): string | number | boolean {
  if (option.choices?.length) return option.choices[0]!.value;
  if (option.type === 4) return 2;
  if (option.type === 5) return true;
  const schema = (def.options.shape as Record<string, z.ZodType>)[option.name];
  const candidates = [BY_NAME[option.name], ...CANDIDATES].filter((value): value is string => value !== undefined);
  return candidates.find((value) => schema?.safeParse(value).success || schema?.safeParse([value]).success) ?? 'sample';
}

/** The options Discord sends for the command filled in completely: nested under its subcommand (and group). */
function interactionData(def: CommandDef, json: CommandJson): { name: string; data: CommandInteractionOption[] } {
  const nested = json.options.some((option) => option.type === 1 || option.type === 2);
  // A bare word beside subcommands is registered as `/word now` (commands.ts, BARE_SUBCOMMAND).
  const [, second, third] = def.name.includes(' ') || !nested ? def.name.split(' ') : [def.name, BARE_SUBCOMMAND];
  let level: { options: unknown[] } = json;
  const path: string[] = [];
  for (const word of [second, third]) {
    if (word === undefined) break;
    level = (level.options as { name: string; options: unknown[] }[]).find((option) => option.name === word)!;
    path.push(word);
  }
  let data = (level.options as ValueOptionJson[]).map((option) => ({ name: option.name, type: option.type, value: sampleFor(def, option) })) as CommandInteractionOption[];
  for (const [index, word] of [...path.entries()].reverse()) {
    data = [{ name: word, type: index === path.length - 1 ? 1 : 2, options: data } as CommandInteractionOption];
  }
  return { name: json.name, data };
}

/** What the runtime does with a typed line before the handler: shared parser, resolution, the command's schema. */
function parseAsTheRuntimeDoes(line: string, commands: readonly CommandDef[] = registry): { command: CommandDef; args: Record<string, unknown> } {
  const parsed = parseChatText(line);
  if (parsed.kind !== 'command') throw new Error(`not a command: ${line}`);
  const invocation = parseTokens(parsed.tokens);
  const resolved = resolveCommand(commands, invocation.words);
  if (!resolved) throw new Error(`no command for: ${line}`);
  const args = bindArguments(resolved.command, invocation.options, [...resolved.extra, ...invocation.positional]);
  return { command: resolved.command, args };
}

describe('every registry command through Discord’s translation', () => {
  for (const def of registry) {
    it(`/${def.name} with every option filled in parses as ${def.name}`, () => {
      if (isFormCommand(def)) {
        const fields = new Map(Object.keys(def.options.shape).map((name) => [name, BY_NAME[name] ?? 'Family']));
        const { command } = parseAsTheRuntimeDoes(formLine(def, fields));
        expect(command.name).toBe(def.name);
        return;
      }
      const word = def.name.split(' ')[0];
      const json = buildCommands(registry.filter((other) => other.name.split(' ')[0] === word), VALUES)[0];
      const { name, data } = interactionData(def, json!);
      const line = commandText(name, data, registry);
      const { command, args } = parseAsTheRuntimeDoes(line);
      expect(command.name).toBe(def.name);
      for (const option of Object.keys(def.options.shape)) expect(args[option], `${option} in ${line}`).toBeDefined();
    });
  }

  it('keeps spaces and quotes in values: /invite create label:"Tom’s \\"club\\""', () => {
    const def = registry.find((candidate) => candidate.name === 'invite create')!;
    const line = commandText('invite', [{ name: 'create', type: 1, options: [{ name: 'label', type: 3, value: 'Tom’s "club" \\ 2' }] }] as CommandInteractionOption[], registry);
    expect(parseAsTheRuntimeDoes(line).args.label).toBe('Tom’s "club" \\ 2');
    expect(parseAsTheRuntimeDoes(line).command).toBe(def);
  });
});

describe('a bulk-style command’s selector as one STRING option', () => {
  const announce = defineCommand({
    name: 'bulk notice', description: 'Tell some users something.', access: 'admin',
    options: z.object({
      who: z.array(z.string()).min(1).describe('Whom: all, label=x, profile=x, name=al*, or usernames'),
      message: z.string().min(1).describe('The text'),
    }),
    positional: 'who',
    run: async () => ({ text: 'ok' }),
  });

  it('is registered as a required STRING `who`', () => {
    const [bulk] = buildCommands([announce]);
    const notice = bulk!.options[0] as { options: ValueOptionJson[] };
    expect(notice.options.map((option) => [option.name, option.type, option.required])).toEqual([['who', 3, true], ['message', 3, true]]);
  });

  it('goes in as bare words, so the one selector parser sees what others type after the command', () => {
    const data = [{ name: 'notice', type: 1, options: [
      { name: 'who', type: 3, value: 'label=friends expiring=<7d alice' },
      { name: 'message', type: 3, value: 'Movie night at 8' },
    ] }] as CommandInteractionOption[];
    const line = commandText('bulk', data, [announce]);
    expect(line).toBe('bulk notice message:"Movie night at 8" label=friends expiring=<7d alice');
    expect(parseAsTheRuntimeDoes(line, [announce]).args).toEqual({ who: ['label=friends', 'expiring=<7d', 'alice'], message: 'Movie night at 8' });
  });

  it('a bare word that also has subcommands (announce beside announce template …) is `/word now`', () => {
    const list = defineCommand({ name: 'bulk template list', description: 'List saved notices.', access: 'admin', options: z.object({}), run: async () => ({ text: 'ok' }) });
    const bare = defineCommand({ ...announce, name: 'bulk' });
    const [json] = buildCommands([bare, list]);
    expect(json!.options.map((option) => [option.name, option.type])).toEqual([['now', 1], ['template', 2]]);
    const data = [{ name: 'now', type: 1, options: [{ name: 'who', type: 3, value: 'all' }, { name: 'message', type: 3, value: 'Hi' }] }] as CommandInteractionOption[];
    const line = commandText('bulk', data, [bare, list]);
    expect(line).toBe('bulk message:Hi all');
    expect(parseAsTheRuntimeDoes(line, [bare, list]).command).toBe(bare);
  });
});
