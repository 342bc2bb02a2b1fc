import { Client, Events, GatewayIntentBits, Routes, type Interaction } from 'discord.js';
import type { CommandDef } from '../../commands/types.ts';
import type { ChatDeliveries } from '../../src/chat/delivery.ts';
import type { ChatRuntime } from '../../src/chat/types.ts';
import type { Config } from '../../src/config/schema.ts';
import type { Logger } from '../../src/log.ts';
import { buildCommands, splitByAudience } from './commands.ts';
import { DiscordDelivery } from './delivery.ts';
import { handleSlashCommand } from './interaction.ts';

export { buildCommands, type CommandJson } from './commands.ts';
export { renderReply, splitMessage } from './render.ts';
export { DiscordDelivery, DMS_CLOSED } from './delivery.ts';
export { commandText } from './interaction.ts';

export interface DiscordOptions {
  config: NonNullable<Config['discord']>;
  runtime: ChatRuntime;
  /** The app's registry of deliveries; the adapter registers its own once started and removes it on stop. */
  deliveries: ChatDeliveries;
  /** The command definitions the slash commands are generated from. */
  registry: readonly CommandDef[];
  log: Logger;
  /** How long start waits for the gateway session before giving up (default 30 s). */
  startTimeoutMs?: number;
}

export interface DiscordAdapter {
  client: Client;
  delivery: DiscordDelivery;
  /** Logs out, waits for interactions in progress, unregisters the delivery. */
  stop(): Promise<void>;
}

/**
 * Starts Doorman's Discord bot (discord.js over the gateway) against `discord.api_root`, with the
 * intents Guilds, GuildMembers (privileged) and DirectMessages. Once ready, the slash commands are bulk-overwritten
 * (in `discord.guild_id` when set, else globally). Resolves once the bot is logged in and registered.
 */
export async function startDiscord(options: DiscordOptions): Promise<DiscordAdapter> {
  const { config, runtime, registry } = options;
  const log = options.log.child({ module: 'discord' });
  // GuildMembers is privileged (Developer Portal switch): the member role and the username search need it.
  const client = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers, GatewayIntentBits.DirectMessages], rest: { api: config.api_root } });
  const inFlight = new Set<Promise<void>>();
  client.on(Events.InteractionCreate, (interaction: Interaction) => {
    if (!interaction.isChatInputCommand()) return;
    const work = handleSlashCommand(interaction, { runtime, registry, log })
      .catch((error: unknown) => log.error({ err: error, interaction: interaction.id }, 'a Discord interaction could not be answered'))
      .finally(() => inFlight.delete(work));
    inFlight.add(work);
  });
  try {
    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    await withTimeout(client.login(config.token).then(() => ready), options.startTimeoutMs ?? 30_000);
    await registerCommands(client, config, registry);
  } catch (error) {
    await client.destroy();
    throw new Error(startFailureMessage(error), { cause: error });
  }
  const delivery = new DiscordDelivery(client, client.user?.username, { guildId: config.guild_id, memberRole: config.member_role });
  const unregister = options.deliveries.register(delivery);
  log.info({ bot: client.user?.username }, `Discord bot ${client.user?.username ?? ''} is running`);
  return {
    client, delivery,
    async stop() {
      unregister();
      await Promise.all(inFlight);
      await client.destroy();
    },
  };
}

/**
 * Bulk overwrites, so Discord holds exactly Doorman's commands. With `guild_id`, the admin-only words
 * go to that guild and the rest globally (they work in DMs too and appear once); else all globally.
 */
async function registerCommands(client: Client, config: DiscordOptions['config'], registry: readonly CommandDef[]): Promise<void> {
  if (!config.guild_id) {
    await client.rest.put(Routes.applicationCommands(config.application_id), { body: buildCommands(registry) });
    return;
  }
  const { everyone, admin } = splitByAudience(registry);
  await client.rest.put(Routes.applicationCommands(config.application_id), { body: buildCommands(everyone) });
  await client.rest.put(Routes.applicationGuildCommands(config.application_id, config.guild_id), { body: buildCommands(admin) });
}

/** Close code 4014 (discord.js: "Used disallowed intents") names the switch; anything else the settings to check. */
export function startFailureMessage(error: unknown): string {
  const detail = error instanceof Error ? error.message : String(error);
  if (/disallowed intent/i.test(detail) || (error as { code?: unknown } | null)?.code === 4014) {
    return `Discord closed the connection with 4014 (disallowed intents): the bot needs the privileged Server Members Intent (GuildMembers). Turn it on: Developer Portal → your app → Bot → Privileged Gateway Intents → Server Members Intent, then Save.`;
  }
  return `Discord did not accept the bot (${detail}). Check discord.token, discord.application_id and discord.api_root.`;
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no gateway session within ${Math.round(ms / 1000)} s`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
