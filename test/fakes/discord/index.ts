export { DiscordStandin, type DiscordStandinOptions } from './standin.ts';
export type { RecordedRequest } from './recording.ts';
export type { SentMessage, InteractionRecord } from './state.ts';
export type { SlashCommandInput, InteractionPlace, OptionValue } from './interactions.ts';
export type { PrivilegedIntents, IdentifyRecord } from './gateway.ts';
export type { StandinUser, StandinRole, StandinMember, StandinGuild } from './world.ts';
