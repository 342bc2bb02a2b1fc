import type { z } from 'zod';
import type { CommandDef } from '../../commands/types.ts';
import type { OptionValues } from '../../src/chat/types.ts';
import { isFormCommand } from './forms.ts';

/** Discord's application command option types (the ones Doorman uses). */
export const OptionType = { Subcommand: 1, SubcommandGroup: 2, String: 3, Integer: 4, Boolean: 5 } as const;

export interface ValueOptionJson {
  type: typeof OptionType.String | typeof OptionType.Integer | typeof OptionType.Boolean;
  name: string;
  description: string;
  required: boolean;
  choices?: { name: string; value: string }[];
  /** Discord asks the bot (interaction type 4) for values while the person types. */
  autocomplete?: boolean;
}

export interface SubcommandJson {
  type: typeof OptionType.Subcommand;
  name: string;
  description: string;
  options: ValueOptionJson[];
}

export interface GroupJson {
  type: typeof OptionType.SubcommandGroup;
  name: string;
  description: string;
  options: SubcommandJson[];
}

/** One chat input command (type 1) as Discord's bulk overwrite takes it. */
export interface CommandJson {
  type: 1;
  name: string;
  description: string;
  options: (ValueOptionJson | SubcommandJson | GroupJson)[];
}

const NAME_LIMIT = 32;
const DESCRIPTION_LIMIT = 100;
const CHOICE_LIMIT = 25;

/** Discord's rule for command and option names: lower-case, 1–32 of `-`, `_`, letters, digits. */
export const DISCORD_NAME = /^[-_a-z0-9]{1,32}$/;

/**
 * The slash commands for a registry: one top-level command per first word (`invite`), a subcommand
 * per second word (`create`), a subcommand group when a name has three words. Options come from
 * each command's zod object; required ones first, because Discord refuses a required option after an optional one.
 */
export function buildCommands(registry: readonly CommandDef[], values: readonly OptionValues[] = []): CommandJson[] {
  const byWord = new Map<string, CommandDef[]>();
  for (const def of registry) {
    const first = words(def)[0]!;
    byWord.set(first, [...(byWord.get(first) ?? []), def]);
  }
  return [...byWord.entries()].map(([word, defs]) => topLevel(word, defs, values));
}

/**
 * The subcommand a bare word gets when it also has subcommands: `announce` beside `announce template
 * …` is `/announce now` on Discord (typed-line.ts turns it back into `announce`).
 */
export const BARE_SUBCOMMAND = 'now';

/**
 * Options Discord asks for although the definition lets them out. `/link` without a PIN (the
 * account-link page) stays reachable by typing `link` to the bot on the other platforms; on
 * Discord the interface wants the PIN field shown at once.
 */
const REQUIRED_ON_DISCORD: Readonly<Record<string, readonly string[]>> = { link: ['pin'] };

/**
 * The registry split by top-level word: words whose every command is admin-only go to `admin` (the
 * guild, when one is configured); the rest (`start`, `link`, `help`…) to `everyone` (global, so they
 * also work in DMs and appear once).
 */
export function splitByAudience(registry: readonly CommandDef[]): { everyone: CommandDef[]; admin: CommandDef[] } {
  const adminOnly = new Set(registry.map((def) => words(def)[0]!));
  for (const def of registry) if (def.access !== 'admin') adminOnly.delete(words(def)[0]!);
  return {
    everyone: registry.filter((def) => !adminOnly.has(words(def)[0]!)),
    admin: registry.filter((def) => adminOnly.has(words(def)[0]!)),
  };
}

function topLevel(word: string, defs: CommandDef[], values: readonly OptionValues[]): CommandJson {
  const single = defs.length === 1 && words(defs[0]!).length === 1 ? defs[0] : undefined;
  if (single) return { type: 1, name: discordName(word), description: clip(single.description || word), options: valueOptions(single, values) };
  const options: (SubcommandJson | GroupJson)[] = [];
  const groups = new Map<string, GroupJson>();
  for (const def of defs) {
    const [, second, third] = words(def);
    if (third === undefined) {
      // Discord cannot run a command that has subcommands by its word alone: the bare one becomes `now`.
      if (second === undefined && defs.some((other) => other.name === `${word} ${BARE_SUBCOMMAND}`)) continue;
      options.push(subcommand(second ?? BARE_SUBCOMMAND, def, values));
      continue;
    }
    let group = groups.get(second);
    if (!group) {
      group = { type: OptionType.SubcommandGroup, name: discordName(second), description: '', options: [] };
      groups.set(second, group);
      options.push(group);
    }
    group.options.push(subcommand(third, def, values));
  }
  for (const group of groups.values()) group.description = clip(`${word} ${second(group)}`);
  const names = options.map((option) => option.name).join(', ');
  return { type: 1, name: discordName(word), description: clip(`${word}: ${names}`), options };
}

function second(group: GroupJson): string {
  return `${group.name}: ${group.options.map((option) => option.name).join(', ')}`;
}

function subcommand(word: string, def: CommandDef, values: readonly OptionValues[]): SubcommandJson {
  return { type: OptionType.Subcommand, name: discordName(word), description: clip(def.description || word), options: valueOptions(def, values) };
}

/**
 * The command's options as Discord options, required first (each group keeps the definition's order).
 * A command answered with a form (forms.ts) has none: the modal asks for them.
 */
export function valueOptions(def: CommandDef, values: readonly OptionValues[] = []): ValueOptionJson[] {
  if (isFormCommand(def)) return [];
  const shape = def.options.shape as Record<string, z.ZodType>;
  const options = Object.entries(shape).map(([name, schema]) => {
    const option = valueOption(name, schema, values.find((entry) => entry.command === def.name && entry.option === name));
    if (REQUIRED_ON_DISCORD[def.name]?.includes(name)) option.required = true;
    return option;
  });
  return [...options.filter((option) => option.required), ...options.filter((option) => !option.required)];
}

function valueOption(name: string, schema: z.ZodType, values: OptionValues | undefined): ValueOptionJson {
  const { inner, required, description } = unwrap(schema);
  const option: ValueOptionJson = {
    type: optionType(inner),
    name: discordName(name),
    description: clip(description || name),
    required,
  };
  const choices = enumValues(inner) ?? values?.choices;
  if (choices && choices.length > 0 && choices.length <= CHOICE_LIMIT) option.choices = choices.map((value) => ({ name: clip(value), value }));
  else if (values && option.type === OptionType.String) option.autocomplete = true;
  return option;
}

/**
 * The option of a definition that Discord shows under `name`. A list option (a selector such as
 * `who`, or help's command words) is one STRING on Discord whose words are typed as bare words.
 */
export function definitionOption(def: CommandDef, name: string): { name: string; isList: boolean } | undefined {
  const shape = def.options.shape as Record<string, z.ZodType>;
  for (const [key, schema] of Object.entries(shape)) {
    if (discordName(key) === name) return { name: key, isList: isList(unwrap(schema).inner) };
  }
  return undefined;
}

function isList(schema: z.ZodType): boolean {
  return defOf(schema).type === 'array';
}

/** Internal zod 4 definition, read only to decide an option's Discord type. */
interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
  entries?: Record<string, string>;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

function unwrap(schema: z.ZodType): { inner: z.ZodType; required: boolean; description: string } {
  let current = schema;
  let required = true;
  let description = schema.description ?? '';
  for (let depth = 0; depth < 5; depth++) {
    const def = defOf(current);
    if ((def.type !== 'optional' && def.type !== 'default') || !def.innerType) break;
    required = false;
    current = def.innerType;
    description ||= current.description ?? '';
  }
  return { inner: current, required, description };
}

/** Whole numbers become INTEGER, flags (a boolean, also behind a transform) BOOLEAN, everything else STRING. */
function optionType(schema: z.ZodType): ValueOptionJson['type'] {
  const def = defOf(schema);
  if (def.type === 'number') {
    return (schema as unknown as { isInt?: boolean }).isInt ? OptionType.Integer : OptionType.String;
  }
  if (def.type === 'boolean') return OptionType.Boolean;
  if (def.type === 'pipe' && def.in) return optionType(def.in);
  if (def.type === 'union' && def.options?.some((option) => defOf(option).type === 'boolean')) return OptionType.Boolean;
  return OptionType.String;
}

function enumValues(schema: z.ZodType): string[] | undefined {
  const def = defOf(schema);
  return def.type === 'enum' && def.entries ? Object.values(def.entries).map(String) : undefined;
}

function words(def: CommandDef): string[] {
  return def.name.trim().split(/\s+/);
}

/** Lower-case, forbidden characters replaced, cut to 32. Doorman's names already fit; this keeps a stray one valid. */
export function discordName(word: string): string {
  const cleaned = word.toLowerCase().replace(/[^-_a-z0-9]/g, '_').slice(0, NAME_LIMIT);
  return cleaned || '_';
}

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= DESCRIPTION_LIMIT ? oneLine : `${oneLine.slice(0, DESCRIPTION_LIMIT - 1)}…`;
}
