import type { Db } from '../db/database.ts';
import { createRepositories, inTransaction, type Repositories } from '../db/repositories/index.ts';
import type { SignupRow, SignupState } from '../db/tables/signups.table.ts';
import type { JellyfinClient } from '../jellyfin/client.ts';
import type { JfUser } from '../jellyfin/types.ts';
import { sameUsername } from '../jellyfin/username.ts';
import type { Logger } from '../log.ts';
import type { Clock } from './clock.ts';
import { describeError } from './failures.ts';

/**
 * The compensating half of the sign-up saga: takes back what a failed sign-up left behind.
 *
 * The invariant kept here: an invite's `uses_count` = its `done` sign-ups + the ones in flight
 * (`reserved`, `creating`, `created`, `undoing`). So a use is released only in the same
 * transaction that marks the journal row `undone`, and only once the Jellyfin user is known to be
 * gone (or known never to have existed). Releasing earlier would let a single-use invite be
 * redeemed again while the first, failed attempt's account may still exist — two accounts from
 * one use if the delete never succeeds. Holding the use costs little: while Jellyfin is down no
 * sign-up can succeed anyway. Each undo finishes at most once (`undoing` → `undone` is a
 * conditional update), so concurrent retries never release a use twice.
 */
export interface UndoOptions {
  /** Rows left in reserved/creating/created this long belong to a crashed process. */
  stuckAfterMs: number;
  /**
   * When the create's outcome is unknown, "no such user" only counts once this long has passed
   * since the reservation: a slow Jellyfin may still be working on a create that timed out.
   */
  settleMs: number;
  /** First retry delay after a failed undo; doubles per attempt up to `backoffMaxMs`. */
  backoffBaseMs: number;
  backoffMaxMs: number;
}

export const DEFAULT_UNDO_OPTIONS: UndoOptions = {
  stuckAfterMs: 5 * 60_000,
  settleMs: 30_000,
  backoffBaseMs: 5_000,
  backoffMaxMs: 10 * 60_000,
};

/** How far the saga got before it failed, as the saga itself knows it. */
export interface SagaProgress {
  stage: 'reserved' | 'creating' | 'created';
  /** Known once the create answered. */
  userId: string | null;
  /** The create may have made the user although it did not say so (no answer, an error answer). */
  createMayHaveRun: boolean;
  /** Jellyfin answered the create (with an error): it is done with it, so a lookup is conclusive now. */
  createAnswered: boolean;
}

const IN_FLIGHT: SignupState[] = ['reserved', 'creating', 'created'];

export class SignupUndo {
  private readonly repos: Repositories;
  private resuming: Promise<number> | null = null;

  constructor(
    private readonly db: Db,
    private readonly jellyfin: JellyfinClient,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly options: UndoOptions,
    /** Told of each invite whose use was given back, so nothing shows it used up from memory. */
    private readonly onUseReleased: (inviteCode: string) => void = () => {},
  ) {
    this.repos = createRepositories(db);
  }

  /**
   * Called by the saga on a failure after the reservation. Never throws: what it cannot finish now
   * stays recorded as `undoing` (or, if even that write failed, is found later as stuck).
   */
  async compensate(row: SignupRow, progress: SagaProgress, cause: unknown): Promise<void> {
    const reason = describeError(cause);
    try {
      const nothingRemote = progress.stage === 'reserved' || (progress.stage === 'creating' && !progress.createMayHaveRun);
      if (nothingRemote) {
        await this.finish(row, [...IN_FLIGHT], reason);
        return;
      }
      const now = this.clock.now().toISOString();
      const changes = { state: 'undoing' as const, jellyfin_user_id: progress.userId, error: reason, attempts: 0, next_attempt_at: now, updated_at: now };
      await this.repos.signups.updateIfState(row.id, [...IN_FLIGHT], changes);
      await this.attempt({ ...row, ...changes }, progress.createAnswered);
    } catch (error) {
      this.log.error({ signup: row.id, err: describeError(error) }, 'could not record the undo of a failed sign-up; the stuck-row sweep will take it');
    }
  }

  /**
   * Retries due undos, after moving rows a crash left mid-saga into `undoing`. Returns how many
   * undos finished. Concurrent calls share one run.
   */
  async resumeUndos(): Promise<number> {
    this.resuming ??= this.resumeOnce().finally(() => {
      this.resuming = null;
    });
    return this.resuming;
  }

  /**
   * A retried sign-up for the same username first finishes what its earlier attempt left; returns
   * false when that is not possible yet (Jellyfin still down, or the outcome still unsettled).
   */
  async finishPendingFor(username: string): Promise<boolean> {
    const pending = (await this.repos.signups.listInState('undoing')).filter((row) => sameUsername(row.username, username));
    let allDone = true;
    for (const row of pending) allDone = (await this.attempt(row)) && allDone;
    return allDone;
  }

  /**
   * One try at one undo: delete the user if it exists, then release the use. True when finished.
   * `settled`: the create is known to be over, so "no such user" needs no waiting.
   */
  async attempt(row: SignupRow, settled = false): Promise<boolean> {
    try {
      const target = row.jellyfin_user_id ?? (await this.findOrphan(row, settled));
      if (target === 'unsettled') {
        await this.schedule(row, row.error, this.settleDeadline(row));
        return false;
      }
      if (target !== null) await this.jellyfin.deleteUser(target);
      return await this.finish(row, ['undoing'], row.error);
    } catch (error) {
      const attempts = row.attempts + 1;
      const delay = Math.min(this.options.backoffBaseMs * 2 ** (attempts - 1), this.options.backoffMaxMs);
      const next = new Date(this.clock.now().getTime() + delay);
      this.log.warn({ signup: row.id, attempts, err: describeError(error) }, 'undo of a failed sign-up did not finish; will retry');
      await this.schedule({ ...row, attempts }, describeError(error), next).catch(() => undefined);
      return false;
    }
  }

  /** Run by a timer: a database outage is logged and the next run tries again. */
  private async resumeOnce(): Promise<number> {
    let finished = 0;
    try {
      await this.sweepStuck();
      const due = await this.repos.signups.listUndosDue(this.clock.now().toISOString());
      for (const row of due) if (await this.attempt(row)) finished++;
    } catch (error) {
      this.log.error({ err: describeError(error) }, 'could not read the sign-up journal; undos will be retried on the next run');
    }
    return finished;
  }

  /** A crash mid-saga leaves a row in flight; after `stuckAfterMs` it is undone like any failure. */
  private async sweepStuck(): Promise<void> {
    const now = this.clock.now();
    const before = new Date(now.getTime() - this.options.stuckAfterMs).toISOString();
    for (const row of await this.repos.signups.listStuck([...IN_FLIGHT], before)) {
      const reason = `interrupted while ${row.state} (Doorman stopped mid-sign-up)`;
      // A `creating` row is looked up by name. If its create had in fact been refused as a
      // duplicate, the existing user is protected by the checks in claimedElsewhere.
      if (row.state === 'reserved') {
        // The journal says `creating` before any create is sent, so nothing exists in Jellyfin.
        await this.finish(row, ['reserved'], reason);
        continue;
      }
      const changes = { state: 'undoing' as const, error: reason, attempts: 0, next_attempt_at: now.toISOString(), updated_at: now.toISOString() };
      await this.repos.signups.updateIfState(row.id, [row.state], changes);
      this.log.warn({ signup: row.id, username: row.username }, 'found a sign-up interrupted mid-saga; undoing it');
    }
  }

  /**
   * The user a create with no usable answer may have made, found by name on a fresh list. It can
   * only be ours because the name was free just before the create — but anything another record
   * claims, an administrator, or an account someone already logged into is left alone.
   */
  private async findOrphan(row: SignupRow, settled: boolean): Promise<string | null | 'unsettled'> {
    const user = await this.jellyfin.findUserByName(row.username);
    if (!user) return settled || this.clock.now() >= this.settleDeadline(row) ? null : 'unsettled';
    if (await this.claimedElsewhere(user, row)) {
      this.log.warn({ signup: row.id, user: user.Id }, 'a user with the failed sign-up\'s name exists but is not ours; leaving it');
      return null;
    }
    return user.Id;
  }

  private async claimedElsewhere(user: JfUser, row: SignupRow): Promise<boolean> {
    if (user.Policy?.IsAdministrator === true || user.LastLoginDate !== undefined) return true;
    if (await this.repos.accounts.findById(user.Id)) return true;
    const claims = await this.repos.signups.listByJellyfinUser(user.Id);
    return claims.some((claim) => claim.id !== row.id);
  }

  /** Marks the row undone and gives the use back, together; false if another run finished it. */
  private async finish(row: SignupRow, from: SignupState[], reason: string | null): Promise<boolean> {
    const now = this.clock.now().toISOString();
    return inTransaction(this.db, async (repos) => {
      const changed = await repos.signups.updateIfState(row.id, from, { state: 'undone', error: reason, next_attempt_at: null, updated_at: now });
      if (changed === 0) return false;
      await repos.invites.releaseUse(row.invite_code);
      return true;
    }).then((finished) => {
      if (finished) this.onUseReleased(row.invite_code);
      return finished;
    });
  }

  private async schedule(row: SignupRow, reason: string | null, next: Date): Promise<void> {
    await this.repos.signups.updateIfState(row.id, ['undoing'], {
      attempts: row.attempts,
      error: reason,
      next_attempt_at: next.toISOString(),
      updated_at: this.clock.now().toISOString(),
    });
  }

  private settleDeadline(row: SignupRow): Date {
    return new Date(Date.parse(row.created_at) + this.options.settleMs);
  }
}
