import type { Migration } from 'kysely';
import * as init from './20261128_0001_init.ts';
import * as chat from './20261128_0002_chat.ts';
import * as matrix from './20261128_0003_matrix.ts';
import * as outbox from './20261128_0004_outbox.ts';
import * as clientLanguage from './20261128_0005_client_language.ts';
import * as notices from './20261128_0006_notices.ts';

/** Every migration, by its frozen name. Append new ones; never rename or edit a shipped one. */
export const migrations: Record<string, Migration> = {
  '20261128_0001_init': init,
  '20261128_0002_chat': chat,
  '20261128_0003_matrix': matrix,
  '20261128_0004_outbox': outbox,
  '20261128_0005_client_language': clientLanguage,
  '20261128_0006_notices': notices,
};
