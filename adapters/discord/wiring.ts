import type { CommandDef } from '../../commands/types.ts';
import type { ChatDeliveries } from '../../src/chat/delivery.ts';
import { BackgroundLauncher } from '../../src/chat/launcher.ts';
import type { ChatRuntime } from '../../src/chat/types.ts';
import type { Config } from '../../src/config/schema.ts';
import type { Logger } from '../../src/log.ts';
import type { DiscordAdapter } from './index.ts';
import type { RegistrationStore } from './registration.ts';

/** The `meta` key the hash of the last slash command registration is kept under. */
export const DISCORD_COMMANDS_META_KEY = 'discord_commands_hash';

export interface DiscordLauncherDeps {
  config: Config;
  chat: ChatRuntime;
  deliveries: ChatDeliveries;
  registry: readonly CommandDef[];
  log: Logger;
  /** Where the hash of the last registration is kept (src/app.ts: the `meta` table). */
  registrations?: RegistrationStore;
}

/**
 * What src/app.ts calls; imports no discord.js, so the library is only loaded when a `discord`
 * section is configured. Starts the bot in the background (see BackgroundLauncher).
 */
export class DiscordLauncher extends BackgroundLauncher<DiscordAdapter> {
  constructor(deps: DiscordLauncherDeps) {
    const { config, chat, deliveries, registry, log, registrations } = deps;
    super('Discord', log, async () => {
      const { startDiscord } = await import('./index.ts');
      return startDiscord({ config: config.discord!, runtime: chat, deliveries, registry, log, registrations });
    });
  }
}
