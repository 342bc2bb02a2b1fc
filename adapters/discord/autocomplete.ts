import type { AutocompleteInteraction } from 'discord.js';
import { definitionOption } from './commands.ts';
import { identify, type InteractionDeps } from './interaction.ts';
import { commandWords, findCommand } from './typed-line.ts';

/** Discord's limit for autocomplete choices, and for a choice's name and value. */
const CHOICE_LIMIT = 25;
const VALUE_LIMIT = 100;

/**
 * The person is typing an option Discord marked `autocomplete` (interaction type 4): the runtime
 * suggests values (Jellyfin user names, invite codes) for who is asking; the adapter only passes
 * them on (callback 8). Any failure answers with no choices: Discord then shows nothing.
 */
export async function handleAutocomplete(interaction: AutocompleteInteraction, deps: InteractionDeps): Promise<void> {
  let values: string[] = [];
  try {
    const words = [interaction.commandName, interaction.options.getSubcommandGroup(false), interaction.options.getSubcommand(false)];
    const typed = words.filter((word): word is string => typeof word === 'string');
    const command = findCommand(deps.registry, commandWords(typed, deps.registry));
    const focused = interaction.options.getFocused(true);
    const option = command ? definitionOption(command, focused.name) : undefined;
    if (command && option && deps.runtime.suggest) {
      const caller = await identify(interaction, deps.runtime, true);
      values = await deps.runtime.suggest(caller, { command: command.name, option: option.name, typed: String(focused.value) });
    }
  } catch (error) {
    deps.log.warn({ err: error, interaction: interaction.id }, 'could not suggest values for a Discord option');
  }
  const choices = values.filter((value) => value.length > 0 && value.length <= VALUE_LIMIT).slice(0, CHOICE_LIMIT);
  await interaction.respond(choices.map((value) => ({ name: value, value })));
}
