import type { Db } from '../database.ts';
import type { InviteRow, NewInviteRow } from '../tables/invites.table.ts';

/** An invite with the name of its profile (null when it has none or the profile was deleted). */
export type InviteWithProfile = InviteRow & { profile_name: string | null };

export class InvitesRepository {
  constructor(private readonly db: Db) {}

  async insert(row: NewInviteRow): Promise<void> {
    await this.db.insertInto('invites').values(row).execute();
  }

  async findByCode(code: string): Promise<InviteWithProfile | undefined> {
    return this.db
      .selectFrom('invites')
      .leftJoin('profiles', 'profiles.id', 'invites.profile_id')
      .selectAll('invites')
      .select('profiles.name as profile_name')
      .where('invites.code', '=', code)
      .executeTakeFirst();
  }

  async listNewestFirst(): Promise<InviteWithProfile[]> {
    return this.db
      .selectFrom('invites')
      .leftJoin('profiles', 'profiles.id', 'invites.profile_id')
      .selectAll('invites')
      .select('profiles.name as profile_name')
      .orderBy('invites.created_at', 'desc')
      .orderBy('invites.code')
      .execute();
  }

  /** Invites that ran out of time in (after, until], not revoked: for the "invite expired" notice. */
  async listExpiredBetween(after: string, until: string): Promise<InviteRow[]> {
    return this.db
      .selectFrom('invites')
      .selectAll()
      .where('expires_at', '>', after)
      .where('expires_at', '<=', until)
      .where('revoked_at', 'is', null)
      .orderBy('expires_at')
      .execute();
  }

  /** Sets revoked_at unless already set; returns how many rows changed. */
  async revoke(code: string, at: string): Promise<number> {
    const result = await this.db
      .updateTable('invites')
      .set({ revoked_at: at })
      .where('code', '=', code)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /**
   * Takes one use in a single statement, so concurrent sign-ups can never take more uses than the
   * invite has. Returns 1 when a use was taken, 0 when the invite is unknown, revoked, expired or used up.
   */
  async reserveUse(code: string, now: string): Promise<number> {
    const result = await this.db
      .updateTable('invites')
      .set((eb) => ({ uses_count: eb('uses_count', '+', 1) }))
      .where('code', '=', code)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .where((eb) => eb.or([eb('uses_total', '=', 0), eb('uses_count', '<', eb.ref('uses_total'))]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Gives one use back; returns how many rows changed. */
  async releaseUse(code: string): Promise<number> {
    const result = await this.db
      .updateTable('invites')
      .set((eb) => ({ uses_count: eb('uses_count', '-', 1) }))
      .where('code', '=', code)
      .where('uses_count', '>', 0)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}
