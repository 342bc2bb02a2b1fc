import { ApiError, tooManyRequests } from './errors.ts';

/** Failures queued per method (case-insensitive), consumed one per call before the method runs. */
export class Faults {
  private readonly queued = new Map<string, ApiError[]>();
  private readonly answerDelays = new Map<string, number>();

  add(method: string, error: ApiError, times = 1): void {
    const key = method.toLowerCase();
    const list = this.queued.get(key) ?? [];
    for (let i = 0; i < times; i += 1) list.push(error);
    this.queued.set(key, list);
  }

  rateLimit(method: string, retryAfterSeconds: number, times: number): void {
    this.add(method, tooManyRequests(retryAfterSeconds), times);
  }

  take(method: string): ApiError | undefined {
    const list = this.queued.get(method.toLowerCase());
    return list?.shift();
  }

  pending(method: string): number {
    return this.queued.get(method.toLowerCase())?.length ?? 0;
  }

  /** Successful calls of `method` take effect at once but are answered `ms` later (0 turns it off). */
  delayAnswers(method: string, ms: number): void {
    this.answerDelays.set(method.toLowerCase(), ms);
  }

  answerDelay(method: string): number {
    return this.answerDelays.get(method.toLowerCase()) ?? 0;
  }
}
