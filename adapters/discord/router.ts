import type { Interaction } from 'discord.js';
import { handleAutocomplete } from './autocomplete.ts';
import { handleButton } from './components.ts';
import { handleModalSubmit, handleSlashCommand, type InteractionDeps } from './interaction.ts';

/** The handler for one interaction Doorman answers (slash command, autocomplete, button, form); null for others. */
export function routeInteraction(interaction: Interaction, deps: InteractionDeps): Promise<void> | null {
  if (interaction.isChatInputCommand()) return handleSlashCommand(interaction, deps);
  if (interaction.isAutocomplete()) return handleAutocomplete(interaction, deps);
  if (interaction.isButton()) return handleButton(interaction, deps);
  if (interaction.isModalSubmit()) return handleModalSubmit(interaction, deps);
  return null;
}
