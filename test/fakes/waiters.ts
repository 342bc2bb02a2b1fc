/**
 * "Resolve when something matching arrives" for the stand-ins' recordings: each stand-in checks what
 * it already recorded first, then waits here; a timeout rejects with the stand-in's own dump.
 */
export class Waiters<T> {
  private readonly pending: { predicate: (item: T, index: number) => boolean; resolve: (item: T) => void }[] = [];

  /** Names the stand-in in timeout errors (`Telegram stand-in`). */
  constructor(private readonly owner: string) {}

  /** Hands a new item to every waiter it matches (each waiter resolves once). */
  notify(item: T, index: number): void {
    for (const waiter of [...this.pending]) {
      if (!waiter.predicate(item, index)) continue;
      this.pending.splice(this.pending.indexOf(waiter), 1);
      waiter.resolve(item);
    }
  }

  wait(predicate: (item: T, index: number) => boolean, timeoutMs: number, describe: () => string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const waiter = {
        predicate,
        resolve: (item: T) => {
          clearTimeout(timer);
          resolve(item);
        },
      };
      const timer = setTimeout(() => {
        const at = this.pending.indexOf(waiter);
        if (at !== -1) this.pending.splice(at, 1);
        reject(new Error(`${this.owner}: nothing matching arrived within ${timeoutMs} ms; ${describe()}`));
      }, timeoutMs);
      this.pending.push(waiter);
    });
  }
}
