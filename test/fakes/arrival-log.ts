import { Waiters } from './waiters.ts';

/**
 * What every stand-in records (requests, sent messages): items in arrival order, and "resolve when a
 * matching one is there" — looked for among those already recorded first, then waited for.
 */
export class ArrivalLog<T> {
  readonly items: T[] = [];
  private readonly waiters: Waiters<T>;

  /** `owner` names the stand-in in timeout errors (`Telegram stand-in`). */
  constructor(owner: string) {
    this.waiters = new Waiters<T>(owner);
  }

  /** Records an item; waiters see it once `show` is called (a request: when answered). */
  add(item: T): T {
    this.items.push(item);
    return item;
  }

  /** Hands a recorded item to the waiters it matches. */
  show(item: T): void {
    this.waiters.notify(item, this.items.indexOf(item));
  }

  /** The first item matching that `ready` lets through (default: any), now or later; rejects after timeoutMs with `describe()`. */
  waitFor(predicate: (item: T, index: number) => boolean, timeoutMs: number, describe: () => string, ready: (item: T) => boolean = () => true): Promise<T> {
    const found = this.items.find((item, index) => ready(item) && predicate(item, index));
    if (found) return Promise.resolve(found);
    return this.waiters.wait(predicate, timeoutMs, describe);
  }
}

/** One shortened line per request (`#3 POST /path → 200 {…}`), for timeout messages. */
export function dumpRequests<R>(requests: readonly R[], line: (request: R) => string): string {
  if (requests.length === 0) return '  (no requests)';
  return requests.map((request, index) => `  #${index} ${line(request)}`).join('\n');
}

/** A JSON value cut to 200 characters. */
export function shortJson(value: unknown): string {
  const text = value === undefined ? '' : JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
