import type { Update } from 'grammy/types';
import { conflict } from './errors.ts';

/** An update before the queue numbers it. */
export type UpdateBody = Omit<Update, 'update_id'>;

export interface PollRequest {
  offset: number | undefined;
  limit: number | undefined;
  timeoutSeconds: number;
  allowedUpdates: string[] | undefined;
}

interface ParkedPoll {
  request: PollRequest;
  answer: (updates: Update[]) => void;
  fail: (error: Error) => void;
}

/** Types Telegram leaves out unless a bot asks for them by name in allowed_updates. */
const OPT_IN_TYPES = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

/**
 * The bot's pending updates and the long poll waiting for them, with the confirmation rule of
 * getUpdates: calling it with an offset forgets every update below that offset for good; updates
 * returned without a later offset stay pending (grammY's stop() relies on this).
 */
export class UpdateQueue {
  private pending: Update[] = [];
  private nextUpdateId: number;
  private parked: ParkedPoll | undefined;
  private allowedUpdates: string[] = [];
  private parkWaiters: (() => void)[] = [];

  constructor(firstUpdateId: number) {
    this.nextUpdateId = firstUpdateId;
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  get isPollParked(): boolean {
    return this.parked !== undefined;
  }

  /** Pending updates, oldest first (not yet confirmed by an offset). */
  peek(): Update[] {
    return [...this.pending];
  }

  push(body: UpdateBody): Update {
    const update = { update_id: this.nextUpdateId++, ...body } as Update;
    this.pending.push(update);
    this.wakeParked();
    return update;
  }

  /** Forgets delivered updates (webhook delivery confirmed with a 2xx, or drop_pending_updates). */
  remove(predicate: (update: Update) => boolean): void {
    this.pending = this.pending.filter((update) => !predicate(update));
  }

  /**
   * Answers at once when updates are waiting or timeout is 0; otherwise parks until an update arrives, the timeout passes or `signal` aborts (client gone).
   * A second poll while one is parked ends the first with 409, as Telegram does.
   */
  poll(request: PollRequest, signal: AbortSignal): Promise<Update[]> {
    this.endEarlierPoll();
    if (request.allowedUpdates && request.allowedUpdates.length > 0) this.allowedUpdates = request.allowedUpdates;
    else if (request.allowedUpdates) this.allowedUpdates = [];
    const ready = this.take(request);
    if (ready.length > 0 || request.timeoutSeconds <= 0) return Promise.resolve(ready);
    return new Promise<Update[]>((resolve, reject) => {
      const finish = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        if (this.parked === parked) this.parked = undefined;
      };
      const parked: ParkedPoll = {
        request: { ...request, offset: undefined },
        answer: (updates) => (finish(), resolve(updates)),
        fail: (error) => (finish(), reject(error)),
      };
      const onAbort = (): void => parked.answer([]);
      const timer = setTimeout(() => parked.answer(this.take(parked.request)), request.timeoutSeconds * 1000);
      signal.addEventListener('abort', onAbort);
      this.parked = parked;
      for (const wake of this.parkWaiters.splice(0)) wake();
    });
  }

  /**
   * A newer poll ends the parked one with 409. grammY's stop() aborts its poll and at once sends
   * another; the abort may reach us a moment after the new request, so the 409 waits briefly and
   * a poll whose client hung up meanwhile simply ends unanswered.
   */
  private endEarlierPoll(): void {
    const earlier = this.parked;
    if (!earlier) return;
    this.parked = undefined;
    const terminated = conflict('terminated by other getUpdates request; make sure that only one bot instance is running');
    // setImmediate after the timer: one more I/O poll phase, so a hang-up already sent is seen first.
    setTimeout(() => setImmediate(() => earlier.fail(terminated)), 25);
  }

  /** Resolves once a long poll is parked (at once if one is). */
  whenParked(): Promise<void> {
    if (this.parked) return Promise.resolve();
    return new Promise((resolve) => this.parkWaiters.push(resolve));
  }

  /** Ends a parked poll at once with an empty answer (used when the stand-in closes). */
  release(): void {
    this.parked?.answer([]);
  }

  private wakeParked(): void {
    if (!this.parked) return;
    const ready = this.take(this.parked.request);
    if (ready.length > 0) this.parked.answer(ready);
  }

  private take(request: PollRequest): Update[] {
    this.confirm(request.offset);
    this.pending = this.pending.filter((update) => this.isAllowed(update));
    const limit = Math.min(Math.max(request.limit ?? 100, 1), 100);
    return this.pending.slice(0, limit);
  }

  /** offset ≥ 1 confirms everything below it; a negative offset keeps only the last |offset| updates. */
  private confirm(offset: number | undefined): void {
    if (offset === undefined || offset === 0) return;
    if (offset < 0) this.pending = this.pending.slice(offset);
    else this.pending = this.pending.filter((update) => update.update_id >= offset);
  }

  private isAllowed(update: Update): boolean {
    const type = Object.keys(update).find((key) => key !== 'update_id') ?? '';
    if (this.allowedUpdates.length === 0) return !OPT_IN_TYPES.has(type);
    return this.allowedUpdates.includes(type);
  }
}
