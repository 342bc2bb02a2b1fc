import type { Selectable } from 'kysely';

/** Who runs the outbox worker: one row per worker name, held by one process until expires_at. */
export interface OutboxLeaseTable {
  name: string;
  /** The holding process's random id (host, pid and a nonce: never reused by a successor). */
  owner: string;
  expires_at: string;
}

export type OutboxLeaseRow = Selectable<OutboxLeaseTable>;
