/** Switchable misbehaviour: down, slow, failing or hanging on the Nth call of a route, one bad username. */
import { isPlainObject } from './fields.ts';
import { normaliseRouteName } from './router.ts';
import type { FailOnOptions, HangOnOptions } from './types.ts';

interface Rule {
  route: string;
  action: 'fail' | 'hang';
  first: number;
  last: number;
  status: number;
  seen: number;
}

export type FaultDecision = { action: 'fail'; status: number } | { action: 'hang' } | null;

export class Faults {
  /** The object behind `JellyfinStandin.faults`: tests flip these directly. */
  readonly switches = { down: false, delayMs: 0 };
  private rules: Rule[] = [];
  private failingUsername: string | null = null;

  failOn(route: string, options: FailOnOptions = {}): void {
    this.addRule(route, 'fail', options.nth, options.times, options.status ?? 500);
  }

  hangOn(route: string, options: HangOnOptions = {}): void {
    this.addRule(route, 'hang', options.nth, options.times, 0);
  }

  private addRule(route: string, action: Rule['action'], nth = 1, times = 1, status: number): void {
    if (!Number.isInteger(nth) || nth < 1 || !Number.isInteger(times) || times < 1) {
      throw new Error(`failOn/hangOn need whole numbers nth ≥ 1 and times ≥ 1 (got nth ${nth}, times ${times})`);
    }
    this.rules.push({ route: normaliseRouteName(route), action, first: nth, last: nth + times - 1, status, seen: 0 });
  }

  failUsername(name: string | null): void {
    this.failingUsername = name === null ? null : name.toUpperCase();
  }

  clear(): void {
    this.switches.down = false;
    this.switches.delayMs = 0;
    this.rules = [];
    this.failingUsername = null;
  }

  /** Counts this call against every rule for its route; the oldest rule that fires decides. */
  decide(route: string | null): FaultDecision {
    if (route === null) return null;
    const name = normaliseRouteName(route);
    let decision: FaultDecision = null;
    for (const rule of this.rules) {
      if (rule.route !== name) continue;
      rule.seen += 1;
      if (decision || rule.seen < rule.first || rule.seen > rule.last) continue;
      decision = rule.action === 'fail' ? { action: 'fail', status: rule.status } : { action: 'hang' };
    }
    return decision;
  }

  /** True for `POST /Users/New` with the failing name (any case, any key case). */
  failsCreation(route: string | null, body: unknown): boolean {
    if (this.failingUsername === null || route !== 'POST /Users/New' || !isPlainObject(body)) return false;
    const nameKey = Object.keys(body).findLast((key) => key.toLowerCase() === 'name');
    const name = nameKey === undefined ? undefined : body[nameKey];
    return typeof name === 'string' && name.toUpperCase() === this.failingUsername;
  }
}
