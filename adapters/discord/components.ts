import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { confirmedCommand } from '../../src/chat/confirmations.ts';
import type { Reply } from '../../src/chat/types.ts';
import { editWithReply, identify, type InteractionDeps } from './interaction.ts';

/** Discord's component types and button styles (raw API values). */
const ACTION_ROW = 1;
const BUTTON = 2;
const SUCCESS = 3;
const SECONDARY = 2;

export type ButtonPress = { action: 'confirm' | 'cancel'; id: string };

/** Confirm / Cancel under a question; the custom ids carry only the confirmation's random id. */
export function confirmButtons(id: string): { type: 1; components: { type: 2; style: number; label: string; custom_id: string }[] }[] {
  return [{
    type: ACTION_ROW,
    components: [
      { type: BUTTON, style: SUCCESS, label: 'Confirm', custom_id: `c:${id}` },
      { type: BUTTON, style: SECONDARY, label: 'Cancel', custom_id: `x:${id}` },
    ],
  }];
}

/** Reads a button's custom id; null for anything Doorman did not put there. */
export function parseButton(customId: string): ButtonPress | null {
  const match = /^([cx]):([A-Za-z0-9_-]{1,32})$/.exec(customId);
  if (!match) return null;
  return { action: match[1] === 'c' ? 'confirm' : 'cancel', id: match[2]! };
}

export const EXPIRED = 'This confirmation has expired (they work for 10 minutes) or was already answered. Run the command again.';
export const NOT_YOURS = 'Only the person who ran this command can confirm or cancel it.';
export const CANCELLED = 'Cancelled: nothing was changed.';

/**
 * A Confirm or Cancel press. Only the person who ran the command may answer (anyone else gets an
 * ephemeral refusal and the question stays); Confirm re-runs the same typed line with `confirm:true`
 * for the presser, identified afresh, and the outcome replaces the question (buttons removed).
 */
export async function handleButton(interaction: ButtonInteraction, deps: InteractionDeps): Promise<void> {
  const press = parseButton(interaction.customId);
  const pending = press ? deps.confirmations.find(press.id) : undefined;
  if (!press || !pending) {
    await interaction.update({ content: EXPIRED, components: [] });
    return;
  }
  if (pending.userId !== interaction.user.id) {
    await interaction.reply({ content: NOT_YOURS, flags: MessageFlags.Ephemeral });
    return;
  }
  deps.confirmations.remove(press.id);
  if (press.action === 'cancel') {
    await interaction.update({ content: CANCELLED, components: [] });
    return;
  }
  await interaction.deferUpdate();
  const ephemeral = interaction.message.flags.has(MessageFlags.Ephemeral);
  let reply: Reply;
  try {
    const caller = await identify(interaction, deps.runtime, ephemeral);
    reply = await deps.runtime.run(caller, confirmedCommand(pending.text));
  } catch (error) {
    deps.log.error({ err: error, interaction: interaction.id }, 'a confirmed Discord command failed');
    reply = deps.runtime.refusal(error);
  }
  await editWithReply(interaction, reply, ephemeral, { components: [] });
}
