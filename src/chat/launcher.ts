import type { Logger } from '../log.ts';

/**
 * Starts a chat adapter in the background, so Doorman's pages and API serve even while the platform
 * cannot be reached or refuses the token: that failure is logged and Doorman runs without it.
 * `ready()` resolves once the start succeeded or failed; `stop()` also cancels a start in progress.
 */
export class BackgroundLauncher<Adapter extends { stop(): Promise<void> }> {
  private running: Adapter | null = null;
  private starting: Promise<void> | null = null;
  private readonly cancel = new AbortController();

  constructor(
    /** The platform's name for the log (`Telegram`). */
    private readonly platformName: string,
    private readonly log: Logger,
    /** Loads the adapter's library and starts it; gives up when the signal aborts. */
    private readonly startAdapter: (signal: AbortSignal) => Promise<Adapter>,
  ) {}

  /** The running adapter, or null before it started, after a failed start and after stop. */
  get adapter(): Adapter | null {
    return this.running;
  }

  start(): void {
    this.starting ??= this.launch();
  }

  ready(): Promise<void> {
    return this.starting ?? Promise.resolve();
  }

  async stop(): Promise<void> {
    this.cancel.abort();
    await this.ready();
    const adapter = this.running;
    this.running = null;
    await adapter?.stop();
  }

  private async launch(): Promise<void> {
    try {
      const adapter = await this.startAdapter(this.cancel.signal);
      if (this.cancel.signal.aborted) await adapter.stop();
      else this.running = adapter;
    } catch (error) {
      if (!this.cancel.signal.aborted) {
        this.log.error({ err: error }, `the ${this.platformName} bot could not start; Doorman runs without ${this.platformName}`);
      }
    }
  }
}
