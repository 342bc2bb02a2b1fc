import type { Db } from './database.ts';

/** One text value in the `meta` table, for small state that must survive restarts. */
export interface MetaValue {
  get(): Promise<string | null>;
  set(value: string): Promise<void>;
  /**
   * The value, made with `fresh()` the first time. Two processes starting on a fresh database may
   * race: the first insert wins and both read it back.
   */
  getOrCreate(fresh: () => string): Promise<string>;
}

export function metaValue(db: Db, key: string): MetaValue {
  const get = async () => {
    const row = await db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst();
    return row?.value ?? null;
  };
  return {
    get,
    async set(value) {
      await db.insertInto('meta').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
    },
    async getOrCreate(fresh) {
      const stored = await get();
      if (stored !== null) return stored;
      await db.insertInto('meta').values({ key, value: fresh() }).onConflict((oc) => oc.column('key').doNothing()).execute();
      return (await get())!;
    },
  };
}
