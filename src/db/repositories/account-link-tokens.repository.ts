import type { Db } from '../database.ts';
import type { AccountLinkTokenRow, NewAccountLinkTokenRow } from '../tables/account-link-tokens.table.ts';

export class AccountLinkTokensRepository {
  constructor(private readonly db: Db) {}

  async insert(row: NewAccountLinkTokenRow): Promise<void> {
    await this.db.insertInto('account_link_tokens').values(row).execute();
  }

  async findByHash(tokenHash: string): Promise<AccountLinkTokenRow | undefined> {
    return this.db.selectFrom('account_link_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  }

  /** Single use: returns 0 when the token was used already. */
  async markUsed(tokenHash: string, at: string): Promise<number> {
    const result = await this.db
      .updateTable('account_link_tokens')
      .set({ used_at: at })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}
