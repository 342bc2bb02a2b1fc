import type { Sleep } from './types.ts';

/** Paces a little under the configured rate, so network jitter never tips a second over the limit. */
const HEADROOM = 0.98;
/** How late a timer may fire and still keep its place on the grid (a later send then follows sooner). */
const LATENESS_TOLERANCE_MS = 5;

/**
 * Spaces one bot's sends evenly at `perSecond` (a token bucket of one token, its slots on a fixed
 * grid so timer lateness does not add up): no one-second window ever holds more than the rate, so
 * 429s stay the exception. A 429 pauses every send of the bot until its retry_after.
 * Without `perSecond` it only honours pauses.
 */
export class Pacer {
  private readonly intervalMs: number;
  private nextSlot = Number.NEGATIVE_INFINITY;
  private pausedUntil = Number.NEGATIVE_INFINITY;

  constructor(
    perSecond: number | undefined,
    private readonly now: () => number,
    private readonly sleep: Sleep,
  ) {
    this.intervalMs = perSecond ? 1000 / (perSecond * HEADROOM) : 0;
  }

  /** Resolves when the next send may go (or early when `signal` aborts: the caller checks it). */
  async take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = this.now();
      const at = Math.max(this.nextSlot, this.pausedUntil);
      if (at <= now) {
        // A slot taken a little late keeps the grid; after a pause (idle, retry_after) the grid starts afresh.
        this.nextSlot = (now - at <= LATENESS_TOLERANCE_MS ? at : now) + this.intervalMs;
        return;
      }
      await this.sleep(at - now, signal);
      if (signal?.aborted) return;
    }
  }

  /** The platform asked to wait: nothing goes before `untilMs`. */
  pauseUntil(untilMs: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, untilMs);
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
