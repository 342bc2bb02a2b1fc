import type { StoredCommand } from './commands.ts';
import type { InteractionRecord, SentMessage, StandinState } from './state.ts';
import { userPayload, type StandinUser } from './world.ts';

export type OptionValue = string | number | boolean;

/** What the user typed: `/invite create uses:2` is `{ name: 'invite', subcommand: 'create', options: { uses: 2 } }`. */
export interface SlashCommandInput {
  name: string;
  subcommandGroup?: string;
  subcommand?: string;
  options?: Record<string, OptionValue>;
}

/** Where the interaction happens: the stand-in's guild (default when it has one) or the user's DM with the bot. */
export type InteractionPlace = { guildId?: string; channelId?: string; dm?: false } | { dm: true };

type Definition = { type?: unknown; name?: unknown; options?: Definition[] };

function guessType(value: OptionValue): number {
  if (typeof value === 'boolean') return 5;
  if (typeof value === 'number') return Number.isInteger(value) ? 4 : 10;
  return 3;
}

/** Options with their declared types when the command is registered, else guessed from the values. */
function typedOptions(values: Record<string, OptionValue>, declared: Definition[] | undefined): Record<string, unknown>[] {
  return Object.entries(values).map(([name, value]) => {
    const type = declared?.find((option) => option.name === name)?.type;
    return { name, type: typeof type === 'number' ? type : guessType(value), value };
  });
}

function findCommand(state: StandinState, name: string, guildId: string | undefined): StoredCommand | undefined {
  const scopes = guildId ? [guildId, 'global'] : ['global'];
  for (const scope of scopes) {
    const found = state.commands.read(scope).find((command) => command.name === name && (command.type ?? 1) === 1);
    if (found) return found;
  }
  return undefined;
}

/** The `data` of a chat-input interaction: options nested under the group and subcommand, as Discord sends them. */
export function commandData(state: StandinState, input: SlashCommandInput, guildId: string | undefined): Record<string, unknown> {
  const command = findCommand(state, input.name, guildId);
  let declared = command?.options as Definition[] | undefined;
  const group = input.subcommandGroup ? declared?.find((option) => option.name === input.subcommandGroup) : undefined;
  if (input.subcommandGroup) declared = group?.options;
  const sub = input.subcommand ? declared?.find((option) => option.name === input.subcommand) : undefined;
  if (input.subcommand) declared = sub?.options;
  let options = typedOptions(input.options ?? {}, declared);
  if (input.subcommand) options = [{ name: input.subcommand, type: 1, options }];
  if (input.subcommandGroup) options = [{ name: input.subcommandGroup, type: 2, options }];
  return { id: command?.id ?? state.ids.next(), name: input.name, type: 1, options, ...(guildId ? { guild_id: guildId } : {}) };
}

/** The envelope every interaction shares: who, where, token, and the fields discord.js 14 reads. */
function envelope(state: StandinState, user: StandinUser, place: InteractionPlace, type: number): { payload: Record<string, unknown>; record: InteractionRecord } {
  state.users.set(user.id, state.users.get(user.id) ?? user);
  // Without a guild to act in, the user can only be talking to the bot in a DM.
  const guildId = place.dm ? undefined : (place.guildId ?? state.guild?.id);
  const guildChannel = place.dm ? undefined : (place.channelId ?? state.guild?.channels?.[0]?.id);
  const channelId = guildId && guildChannel ? guildChannel : state.dmChannelOf(user.id);
  const id = state.ids.next();
  const token = `interaction-token-${id}`;
  const channel = guildId ? { id: channelId, type: 0, guild_id: guildId, name: 'general' } : state.dmChannelPayload(user.id);
  const member = guildId ? state.member(user.id) : undefined;
  const where = guildId
    ? { guild_id: guildId, guild_locale: 'en-US', member: { ...(member ?? { user: userPayload(user), roles: [], joined_at: state.startedAt, deaf: false, mute: false, flags: 0 }), permissions: String(state.permissionsOf(user.id)) } }
    : { user: userPayload(user) };
  const payload = {
    id,
    application_id: state.appId,
    type,
    token,
    version: 1,
    channel_id: channelId,
    channel,
    ...where,
    app_permissions: guildId ? String(state.permissionsOf(state.bot.id)) : '0',
    locale: user.locale ?? 'en-US',
    entitlements: [],
    authorizing_integration_owners: guildId ? { '0': guildId } : { '1': user.id },
    context: guildId ? 0 : 1,
    attachment_size_limit: 10_485_760,
  };
  const record: InteractionRecord = { id, token, type, user, channelId, guildId, callbackType: undefined, ephemeral: false, original: undefined };
  state.interactions.set(id, record);
  return { payload, record };
}

export function slashCommandInteraction(state: StandinState, user: StandinUser, input: SlashCommandInput, place: InteractionPlace): Record<string, unknown> {
  const { payload } = envelope(state, user, place, 2);
  return { ...payload, data: commandData(state, input, payload.guild_id as string | undefined) };
}

/** A button press on a message the bot sent (a SentMessage, or a raw message object). */
export function buttonInteraction(state: StandinState, user: StandinUser, message: SentMessage | Record<string, unknown>, customId: string): Record<string, unknown> {
  const raw = 'message' in message && typeof message.message === 'object' ? (message as SentMessage).message : (message as Record<string, unknown>);
  const guildId = raw.guild_id as string | undefined;
  const place: InteractionPlace = guildId ? { guildId, channelId: raw.channel_id as string } : { dm: true };
  const { payload, record } = envelope(state, user, place, 3);
  record.sourceMessageId = raw.id as string;
  return { ...payload, message: raw, data: { custom_id: customId, component_type: 2 } };
}

/** A modal submission: each field is a text input in its own action row. */
export function modalInteraction(state: StandinState, user: StandinUser, customId: string, fields: Record<string, string>, place: InteractionPlace): Record<string, unknown> {
  const { payload } = envelope(state, user, place, 5);
  const components = Object.entries(fields).map(([id, value]) => ({ type: 1, components: [{ type: 4, custom_id: id, value }] }));
  return { ...payload, data: { custom_id: customId, components } };
}

/** An autocomplete request (type 4): the options typed so far, with `focused` naming the one being typed. */
export function autocompleteInteraction(state: StandinState, user: StandinUser, input: SlashCommandInput & { focused: string }, place: InteractionPlace): Record<string, unknown> {
  const { payload } = envelope(state, user, place, 4);
  const data = commandData(state, input, payload.guild_id as string | undefined);
  markFocused(data.options as Record<string, unknown>[], input.focused);
  return { ...payload, data };
}

function markFocused(options: Record<string, unknown>[], focused: string): void {
  for (const option of options) {
    if (option.type === 1 || option.type === 2) markFocused((option.options ?? []) as Record<string, unknown>[], focused);
    else if (option.name === focused) option.focused = true;
  }
}
