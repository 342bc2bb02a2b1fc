import type { Db } from './database.ts';

/** One text value in the `meta` table, for small state that must survive restarts. */
export interface MetaValue {
  get(): Promise<string | null>;
  set(value: string): Promise<void>;
}

export function metaValue(db: Db, key: string): MetaValue {
  return {
    async get() {
      const row = await db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst();
      return row?.value ?? null;
    },
    async set(value) {
      await db.insertInto('meta').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
    },
  };
}
