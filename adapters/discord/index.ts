import { Client, Events, GatewayIntentBits, type Interaction } from 'discord.js';
import type { CommandDef } from '../../commands/types.ts';
import { PendingConfirmations } from '../../src/chat/confirmations.ts';
import type { ChatDeliveries } from '../../src/chat/delivery.ts';
import type { ChatRuntime } from '../../src/chat/types.ts';
import type { Config } from '../../src/config/schema.ts';
import type { Logger } from '../../src/log.ts';
import { DiscordDelivery } from './delivery.ts';
import type { InteractionDeps } from './interaction.ts';
import { CommandRegistrar, type RegistrationStore } from './registration.ts';
import { routeInteraction } from './router.ts';

export { buildCommands, type CommandJson } from './commands.ts';
export { renderReply, splitMessage } from './render.ts';
export { DiscordDelivery, DMS_CLOSED } from './delivery.ts';
export { commandText } from './typed-line.ts';
export { registerCommandsNow, type RegistrationStore } from './registration.ts';

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
  /** Where the hash of the last registration is kept (the app: the `meta` table); without it, every start registers. */
  registrations?: RegistrationStore;
}

export interface DiscordAdapter {
  client: Client;
  delivery: DiscordDelivery;
  /** Registers the slash commands when they changed (at start, and again when profiles change). */
  registrar: CommandRegistrar;
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
  const deps: InteractionDeps = { runtime, registry, log, confirmations: new PendingConfirmations() };
  client.on(Events.InteractionCreate, (interaction: Interaction) => {
    const work = routeInteraction(interaction, deps)
      ?.catch((error: unknown) => log.error({ err: error, interaction: interaction.id }, 'a Discord interaction could not be answered'))
      .finally(() => inFlight.delete(work!));
    if (work) inFlight.add(work);
  });
  const registrar = new CommandRegistrar({
    rest: client.rest, appId: config.application_id, guildId: config.guild_id, registry, runtime, store: options.registrations, log,
  });
  try {
    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    await withTimeout(client.login(config.token).then(() => ready), options.startTimeoutMs ?? 30_000);
  } catch (error) {
    await client.destroy();
    throw new Error(startFailureMessage(error), { cause: error });
  }
  await registerAtStart(registrar, log);
  const unsubscribe = runtime.onOptionValuesChanged?.(() => void registrar.resync()) ?? (() => undefined);
  const delivery = new DiscordDelivery(client, client.user?.username, { guildId: config.guild_id, memberRole: config.member_role });
  const unregister = options.deliveries.register(delivery);
  log.info({ bot: client.user?.username }, `Discord bot ${client.user?.username ?? ''} is running`);
  return {
    client, delivery, registrar,
    async stop() {
      unsubscribe();
      unregister();
      await Promise.all(inFlight);
      await registrar.idle();
      await client.destroy();
    },
  };
}

/**
 * Registers when the definitions changed since the last registration (registration.ts). Discord
 * refusing the list is logged, not fatal: the commands registered before keep working.
 */
async function registerAtStart(registrar: CommandRegistrar, log: Logger): Promise<void> {
  try {
    const result = await registrar.sync();
    if (result.registered) log.info(result, 'Discord slash commands registered');
    else log.debug('Discord slash commands unchanged since the last registration');
  } catch (error) {
    log.error({ err: error }, 'Discord refused the slash commands; the ones registered before stay. Run `doorman commands register` after fixing it.');
  }
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
