import type { Sleep } from './types.ts';

/** Paces a little under the configured rate, so network jitter never tips a second over the limit. */
const HEADROOM = 0.98;

/**
 * Paces one bot's sends to `perSecond`: evenly spaced on a fixed grid (1/rate apart), and never more
 * than `perSecond` sends within any window of 1/HEADROOM seconds, so no second as the platform
 * counts it holds more than the rate and 429s stay the exception. When the process stalls (GC, a busy
 * machine), the sends it owes catch up at four times the pace, as far as the window allows, instead of
 * being lost for good. A 429 pauses every send of the bot until its retry_after. Without `perSecond`
 * it only honours pauses.
 *
 * The window counts a send from the moment its answer came back (while in flight it holds its
 * place): the platform saw it arrive no later than that, however slow the network or the machine.
 */
export class Pacer {
  private readonly intervalMs: number;
  private readonly windowMs: number;
  private readonly limit: number;
  /** The latest sends, at most `limit` of them: when each was answered (Infinity while in flight). */
  private readonly recent: { at: number }[] = [];
  private lastStart = Number.NEGATIVE_INFINITY;
  private nextSlot = Number.NEGATIVE_INFINITY;
  private pausedUntil = Number.NEGATIVE_INFINITY;

  constructor(
    perSecond: number | undefined,
    private readonly now: () => number,
    private readonly sleep: Sleep,
  ) {
    this.limit = perSecond ? Math.max(1, Math.floor(perSecond)) : 0;
    this.windowMs = 1000 / HEADROOM;
    this.intervalMs = perSecond ? this.windowMs / perSecond : 0;
  }

  /**
   * Resolves when the next send may go, with the function to call once it was answered (or early,
   * with a no-op, when `signal` aborts: the caller checks it).
   */
  async take(signal?: AbortSignal): Promise<() => void> {
    for (;;) {
      const now = this.now();
      const at = this.earliest();
      if (at <= now) return this.record(now);
      // A send still in flight blocks the window until answered; its completion wakes no one, so look again soon.
      await this.sleep(Number.isFinite(at) ? at - now : this.intervalMs, signal);
      if (signal?.aborted) return () => {};
    }
  }

  /** The platform asked to wait: nothing goes before `untilMs`. */
  pauseUntil(untilMs: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, untilMs);
  }

  private earliest(): number {
    if (this.limit === 0) return this.pausedUntil;
    const windowFree = this.recent.length >= this.limit ? this.recent[this.recent.length - this.limit].at + this.windowMs : Number.NEGATIVE_INFINITY;
    return Math.max(this.nextSlot, this.lastStart + this.intervalMs / 4, windowFree, this.pausedUntil);
  }

  private record(now: number): () => void {
    if (this.limit === 0) return () => {};
    // Behind by less than a window: keep the grid (catch up); further behind (idle, a long pause): start afresh.
    this.nextSlot = (now - this.nextSlot <= this.windowMs ? this.nextSlot : now) + this.intervalMs;
    this.lastStart = now;
    const send = { at: Number.POSITIVE_INFINITY };
    this.recent.push(send);
    if (this.recent.length > this.limit) this.recent.shift();
    return () => {
      send.at = Math.min(send.at, this.now());
    };
  }
}

/** At most one send per recipient per `intervalMs` (Telegram: one message per chat per second). */
export class RecipientGate {
  private readonly lastSent = new Map<string, number>();

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number,
  ) {}

  /** Milliseconds until `target` may get the next message (0: now). */
  delayFor(target: string): number {
    const last = this.lastSent.get(target);
    return last === undefined ? 0 : Math.max(0, last + this.intervalMs - this.now());
  }

  mark(target: string): void {
    const now = this.now();
    this.lastSent.set(target, now);
    // Forget recipients whose interval passed, so a broadcast to thousands does not stay in memory.
    if (this.lastSent.size > 1000) {
      for (const [key, at] of this.lastSent) if (at + this.intervalMs <= now) this.lastSent.delete(key);
    }
  }
}
