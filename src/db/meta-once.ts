import type { Db } from './database.ts';

/**
 * The value kept under `key` in the `meta` table, made with `fresh()` the first time. Two processes
 * starting on a fresh database may race: the first insert wins and both read it back.
 */
export async function metaValueOnce(db: Db, key: string, fresh: () => string): Promise<string> {
  const stored = await db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst();
  if (stored) return stored.value;
  await db.insertInto('meta').values({ key, value: fresh() }).onConflict((oc) => oc.column('key').doNothing()).execute();
  const kept = await db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirstOrThrow();
  return kept.value;
}
