import { ApplicationCommandOptionType, type CommandInteractionOption } from 'discord.js';
import type { CommandDef } from '../../commands/types.ts';
import { BARE_SUBCOMMAND, definitionOption } from './commands.ts';

/**
 * A slash command as the typed line every chat surface runs (`invite create uses:2`): the command,
 * group and subcommand words, then each option as `name:value`. The selector option `who` of a
 * bulk-style command goes in as bare words, exactly as typed after the command elsewhere.
 */
export function commandText(commandName: string, data: readonly CommandInteractionOption[], registry: readonly CommandDef[] = []): string {
  const path = [commandName];
  let options = data;
  for (;;) {
    const nested = options.find((option) => option.type === ApplicationCommandOptionType.Subcommand || option.type === ApplicationCommandOptionType.SubcommandGroup);
    if (!nested) break;
    path.push(nested.name);
    options = nested.options ?? [];
  }
  const words = commandWords(path, registry);
  const def = findCommand(registry, words);
  const bare: string[] = [];
  for (const option of options) {
    if (option.value === undefined || option.value === null) continue;
    const target = def ? definitionOption(def, option.name) : undefined;
    if (target?.isList) bare.push(String(option.value).trim());
    else words.push(`${target?.name ?? option.name}:${quoteValue(String(option.value))}`);
  }
  return [...words, ...bare].filter((word) => word !== '').join(' ');
}

/** Whether the person filled in any option (below the subcommand and group, if any). */
export function hasValues(data: readonly CommandInteractionOption[]): boolean {
  return data.some((option) => (option.value !== undefined && option.value !== null) || hasValues(option.options ?? []));
}

/** The command's words as typed elsewhere: Discord's `announce now` is the bare `announce` (commands.ts). */
export function commandWords(words: readonly string[], registry: readonly CommandDef[]): string[] {
  const [first, second, ...rest] = words;
  const bareExists = registry.some((def) => def.name === first) && !registry.some((def) => def.name === `${first} ${BARE_SUBCOMMAND}`);
  return second === BARE_SUBCOMMAND && bareExists ? [first!, ...rest] : [...words];
}

/** The registry's command for the typed words (`invite create`), if any. */
export function findCommand(registry: readonly CommandDef[], words: readonly string[]): CommandDef | undefined {
  const matching = registry.filter((def) => def.name === words.slice(0, def.name.split(' ').length).join(' '));
  return matching.sort((a, b) => b.name.length - a.name.length)[0];
}

/** Values with spaces or quotes are double-quoted, with backslashes before inner quotes and backslashes. */
export function quoteValue(value: string): string {
  if (value !== '' && !/[\s"'“”\\]/.test(value)) return value;
  return `"${value.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}
