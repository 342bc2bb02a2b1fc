import type { Db } from '../database.ts';
import type { InviteRedemptionRow, NewInviteRedemptionRow } from '../tables/invite-redemptions.table.ts';

export class RedemptionsRepository {
  constructor(private readonly db: Db) {}

  async insert(row: NewInviteRedemptionRow): Promise<void> {
    await this.db.insertInto('invite_redemptions').values(row).execute();
  }

  async listByInvite(code: string): Promise<InviteRedemptionRow[]> {
    return this.db.selectFrom('invite_redemptions').selectAll().where('invite_code', '=', code).orderBy('redeemed_at').execute();
  }
}
