import type { Db } from '../database.ts';
import type { NewContactAttemptRow } from '../tables/contact-attempts.table.ts';

export class ContactAttemptsRepository {
  constructor(private readonly db: Db) {}

  async insert(row: NewContactAttemptRow): Promise<void> {
    await this.db.insertInto('contact_attempts').values(row).execute();
  }

  async countSince(scope: string, since: string): Promise<number> {
    const row = await this.db
      .selectFrom('contact_attempts')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('scope', '=', scope)
      .where('at', '>', since)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async deleteBefore(cutoff: string): Promise<void> {
    await this.db.deleteFrom('contact_attempts').where('at', '<', cutoff).execute();
  }
}
