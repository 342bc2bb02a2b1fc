import type { Db } from '../database.ts';
import type { ContactPinRow, NewContactPinRow } from '../tables/contact-pins.table.ts';

export class ContactPinsRepository {
  constructor(private readonly db: Db) {}

  async insert(row: NewContactPinRow): Promise<void> {
    await this.db.insertInto('contact_pins').values(row).execute();
  }

  async findByHash(pinHash: string): Promise<ContactPinRow | undefined> {
    return this.db.selectFrom('contact_pins').selectAll().where('pin_hash', '=', pinHash).executeTakeFirst();
  }

  /** Marks a page PIN verified by a chat account, once: returns 0 when it was already verified. */
  async markVerified(id: string, userId: string, handle: string | null, at: string): Promise<number> {
    const result = await this.db
      .updateTable('contact_pins')
      .set({ user_id: userId, handle, verified_at: at })
      .where('id', '=', id)
      .where('verified_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async consume(id: string, at: string): Promise<number> {
    const result = await this.db.updateTable('contact_pins').set({ consumed_at: at }).where('id', '=', id).where('consumed_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Housekeeping: PINs created before the cutoff can no longer be used for anything. */
  async deleteCreatedBefore(cutoff: string): Promise<void> {
    await this.db.deleteFrom('contact_pins').where('created_at', '<', cutoff).execute();
  }
}
