import type { CommandDef } from '../../commands/types.ts';
import type { ChatDeliveries } from '../../src/chat/delivery.ts';
import type { ChatRuntime } from '../../src/chat/types.ts';
import type { Config } from '../../src/config/schema.ts';
import type { Logger } from '../../src/log.ts';
import type { DiscordAdapter } from './index.ts';

export interface DiscordLauncherDeps {
  config: Config;
  chat: ChatRuntime;
  deliveries: ChatDeliveries;
  registry: readonly CommandDef[];
  log: Logger;
}

/**
 * What src/app.ts calls; imports no discord.js, so the library is only loaded when a `discord`
 * section is configured. Starts the bot in the background: a failed start is logged (naming the
 * keys to check) and Doorman serves on without Discord. `stop()` waits for a start in progress.
 */
export class DiscordLauncher {
  private running: DiscordAdapter | null = null;
  private starting: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly deps: DiscordLauncherDeps) {}

  get adapter(): DiscordAdapter | null {
    return this.running;
  }

  start(): void {
    this.starting ??= this.launch();
  }

  ready(): Promise<void> {
    return this.starting ?? Promise.resolve();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.ready();
    const adapter = this.running;
    this.running = null;
    await adapter?.stop();
  }

  private async launch(): Promise<void> {
    const { config, chat, deliveries, registry, log } = this.deps;
    try {
      const { startDiscord } = await import('./index.ts');
      const adapter = await startDiscord({
        config: config.discord!, runtime: chat, deliveries, registry, log,
      });
      if (this.stopped) await adapter.stop();
      else this.running = adapter;
    } catch (error) {
      log.error({ err: error }, 'the Discord bot could not start; Doorman runs without Discord');
    }
  }
}
