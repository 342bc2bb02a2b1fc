import type { ChatDeliveries } from '../../src/chat/delivery.ts';
import { BackgroundLauncher } from '../../src/chat/launcher.ts';
import type { ChatRuntime } from '../../src/chat/types.ts';
import type { Config } from '../../src/config/schema.ts';
import type { Logger } from '../../src/log.ts';
import type { MatrixAdapter } from './index.ts';
import type { MatrixStore } from './store.ts';

export interface MatrixLauncherDeps {
  config: Config;
  chat: ChatRuntime;
  deliveries: ChatDeliveries;
  /** The database's Matrix state: src/app.ts builds the MatrixRepository. */
  store: MatrixStore;
  log: Logger;
  /** The /sync long-poll timeout in ms (tests shorten it). */
  syncTimeoutMs?: number;
}

/**
 * What src/app.ts calls; imports no matrix-bot-sdk, so the library is only loaded when a `matrix`
 * section is configured. Starts the bot in the background (see BackgroundLauncher): a homeserver
 * that cannot be reached, or a missing or refused token, is logged and Doorman serves on.
 */
export class MatrixLauncher extends BackgroundLauncher<MatrixAdapter> {
  constructor(deps: MatrixLauncherDeps) {
    const { config, chat, deliveries, store, log, syncTimeoutMs } = deps;
    super('Matrix', log, async (signal) => {
      const { startMatrix } = await import('./index.ts');
      return startMatrix({ config: config.matrix!, runtime: chat, deliveries, store, log, syncTimeoutMs, signal });
    });
  }
}
