import { MessageFlags, type BaseInteraction, type ChatInputCommandInteraction, type ModalSubmitInteraction } from 'discord.js';
import type { CommandDef } from '../../commands/types.ts';
import { confirmationQuestion, wantsConfirmation, type PendingConfirmations } from '../../src/chat/confirmations.ts';
import type { Caller, ChatRuntime, Reply } from '../../src/chat/types.ts';
import type { Logger } from '../../src/log.ts';
import { confirmButtons } from './components.ts';
import { formCommand, formLine, formModal, isFormCommand } from './forms.ts';
import { renderReply } from './render.ts';
import { commandText, findCommand, hasValues } from './typed-line.ts';

export interface InteractionDeps {
  runtime: ChatRuntime;
  registry: readonly CommandDef[];
  log: Logger;
  /** Commands waiting for their Confirm button. */
  confirmations: PendingConfirmations;
}

type CommandLike = ChatInputCommandInteraction | ModalSubmitInteraction;

const NO_MENTIONS = { parse: [] as [] };

/**
 * One slash command: rebuilt as the typed line the runtime understands (`invite create uses:2`) and
 * run as the caller. A form command (forms.ts) opens its modal instead; the submitted form runs the
 * same way (handleModalSubmit).
 */
export async function handleSlashCommand(interaction: ChatInputCommandInteraction, deps: InteractionDeps): Promise<void> {
  const text = commandText(interaction.commandName, interaction.options.data, deps.registry);
  const command = findCommand(deps.registry, text.split(' '));
  if (command && isFormCommand(command)) {
    await interaction.showModal(formModal(command));
    return;
  }
  await runAndAnswer(interaction, text, answersPrivately(interaction.guildId !== null, command, hasValues(interaction.options.data)), deps);
}

/** A submitted form: its boxes become the command's `name:value` options. */
export async function handleModalSubmit(interaction: ModalSubmitInteraction, deps: InteractionDeps): Promise<void> {
  const command = formCommand(interaction.customId, deps.registry);
  if (!command) {
    await interaction.reply({ content: 'That form is not one of mine any more. Run the command again.', flags: MessageFlags.Ephemeral });
    return;
  }
  const fields = new Map<string, string>();
  for (const [id, data] of interaction.fields.fields) {
    const value = (data as { value?: unknown }).value;
    if (typeof value === 'string') fields.set(id, value);
  }
  await runAndAnswer(interaction, formLine(command, fields), answersPrivately(interaction.guildId !== null, command, true), deps);
}

/**
 * In a guild channel, only a command anyone may run, that shows nothing private and was given no
 * option (`/help`, `/start`) is answered for everyone to see. Everything else is ephemeral: admin
 * commands, links, PINs, personal settings. Decided before the work, because the deferral fixes it.
 */
export function answersPrivately(inGuild: boolean, command: CommandDef | undefined, givenOptions: boolean): boolean {
  if (!inGuild) return false;
  return !command || command.access !== 'anyone' || command.dmOnly === true || givenOptions;
}

/**
 * Defers first (the work may need Jellyfin; Discord allows 3 seconds), runs, then edits the answer
 * in. An ephemeral answer reaches only the caller, so the runtime counts it as private (`inDm`):
 * `/link PIN` and other DM-only commands work in a guild channel too.
 */
async function runAndAnswer(interaction: CommandLike, text: string, ephemeral: boolean, deps: InteractionDeps): Promise<void> {
  await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
  let reply: Reply;
  try {
    const caller = await identify(interaction, deps.runtime, ephemeral);
    reply = await deps.runtime.run(caller, text);
  } catch (error) {
    deps.log.error({ err: error, interaction: interaction.id }, 'a Discord command failed');
    reply = deps.runtime.refusal(error);
  }
  if (wantsConfirmation(reply)) {
    const id = deps.confirmations.add({ userId: interaction.user.id, text });
    const [question] = renderReply(confirmationQuestion(reply));
    await interaction.editReply({ content: question!, components: confirmButtons(id), allowedMentions: NO_MENTIONS });
    return;
  }
  await editWithReply(interaction, reply, ephemeral);
}

/** The reply in the deferred message; what does not fit in 2000 characters follows with the same visibility. */
export async function editWithReply(
  interaction: Pick<CommandLike, 'editReply' | 'followUp'>,
  reply: Reply,
  ephemeral: boolean,
  extra: { components?: [] } = {},
): Promise<void> {
  const [first, ...more] = renderReply(reply);
  await interaction.editReply({ content: first!, allowedMentions: NO_MENTIONS, ...extra });
  for (const content of more) {
    await interaction.followUp({ content, flags: ephemeral ? MessageFlags.Ephemeral : undefined, allowedMentions: NO_MENTIONS });
  }
}

/** Who this is for the runtime; `privately` when the answer only reaches them (a DM, or ephemeral). */
export function identify(interaction: BaseInteraction, runtime: ChatRuntime, privately: boolean): Promise<Caller> {
  return runtime.identify({
    platform: 'discord', userId: interaction.user.id, handle: interaction.user.username,
    inDm: interaction.guildId === null || privately, roles: memberRoles(interaction), language: interaction.locale,
  });
}

/** From the interaction's member payload: no member cache, no privileged intent. */
function memberRoles(interaction: BaseInteraction): string[] {
  const roles = interaction.member?.roles;
  if (!roles) return [];
  return Array.isArray(roles) ? roles : [...roles.cache.keys()];
}
