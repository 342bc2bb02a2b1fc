import { ApplicationCommandOptionType, MessageFlags, type ChatInputCommandInteraction, type CommandInteractionOption } from 'discord.js';
import type { CommandDef } from '../../commands/types.ts';
import type { ChatRuntime, Caller, Reply } from '../../src/chat/types.ts';
import type { Logger } from '../../src/log.ts';
import { renderReply } from './render.ts';

export interface InteractionDeps {
  runtime: ChatRuntime;
  registry: readonly CommandDef[];
  log: Logger;
}

/**
 * One slash command: rebuilt as the typed line the runtime understands (`invite create uses:2`),
 * run as the caller, answered (ephemerally for secrets and for admin commands in a guild). The
 * reply is deferred first, so slow work never misses Discord's 3-second window, then edited.
 */
export async function handleSlashCommand(interaction: ChatInputCommandInteraction, deps: InteractionDeps): Promise<void> {
  const text = commandText(interaction.commandName, interaction.options.data);
  const words = text.split(' ').filter((word) => !word.includes(':'));
  const command = deps.registry.find((def) => def.name === words.slice(0, def.name.split(' ').length).join(' '));
  const inGuild = interaction.guildId !== null;
  const ephemeralAtStart = inGuild && (command?.access === 'admin' || command?.dmOnly === true);
  await interaction.deferReply(ephemeralAtStart ? { flags: MessageFlags.Ephemeral } : {});
  let reply: Reply;
  try {
    const caller = await identify(interaction, deps);
    reply = await deps.runtime.run(caller, text);
  } catch (error) {
    deps.log.error({ err: error, interaction: interaction.id }, 'a Discord slash command failed');
    reply = deps.runtime.refusal(error);
  }
  await answer(interaction, reply, ephemeralAtStart);
}

async function identify(interaction: ChatInputCommandInteraction, deps: InteractionDeps): Promise<Caller> {
  return deps.runtime.identify({
    platform: 'discord', userId: interaction.user.id, handle: interaction.user.username, inDm: interaction.guildId === null,
    roles: memberRoles(interaction),
  });
}

/** From the interaction's member payload: no member cache, no privileged intent. */
function memberRoles(interaction: ChatInputCommandInteraction): string[] {
  const roles = interaction.member?.roles;
  if (!roles) return [];
  return Array.isArray(roles) ? roles : [...roles.cache.keys()];
}

async function answer(interaction: ChatInputCommandInteraction, reply: Reply, ephemeral: boolean): Promise<void> {
  const [first, ...more] = renderReply(reply);
  // A deferred reply keeps the visibility it was deferred with; a secret shown publicly is replaced by a private follow-up.
  const secretButPublic = reply.secret === true && !ephemeral && interaction.guildId !== null;
  if (secretButPublic) {
    await interaction.editReply({ content: 'The answer is private: it is shown only to you.', allowedMentions: { parse: [] } });
    for (const content of [first!, ...more]) {
      await interaction.followUp({ content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
    }
    return;
  }
  await interaction.editReply({ content: first!, allowedMentions: { parse: [] } });
  for (const content of more) {
    await interaction.followUp({ content, flags: ephemeral ? MessageFlags.Ephemeral : undefined, allowedMentions: { parse: [] } });
  }
}

/** The typed line for an interaction: command, group and subcommand words, then `name:value` options. */
export function commandText(commandName: string, data: readonly CommandInteractionOption[]): string {
  const words = [commandName];
  let options = data;
  for (;;) {
    const nested = options.find((option) => option.type === ApplicationCommandOptionType.Subcommand || option.type === ApplicationCommandOptionType.SubcommandGroup);
    if (!nested) break;
    words.push(nested.name);
    options = nested.options ?? [];
  }
  for (const option of options) {
    if (option.value === undefined || option.value === null) continue;
    words.push(`${option.name}:${quoteValue(String(option.value))}`);
  }
  return words.join(' ');
}

/** Values with spaces or quotes are double-quoted, with backslashes before inner quotes and backslashes. */
export function quoteValue(value: string): string {
  if (value !== '' && !/[\s"'“”\\]/.test(value)) return value;
  return `"${value.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}
