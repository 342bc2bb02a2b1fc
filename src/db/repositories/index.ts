import { sql } from 'kysely';
import type { Db } from '../database.ts';
import { AccountLinkTokensRepository } from './account-link-tokens.repository.ts';
import { AccountsRepository } from './accounts.repository.ts';
import { AnnouncementTemplatesRepository } from './announcement-templates.repository.ts';
import { ApiKeysRepository } from './api-keys.repository.ts';
import { ChatIdentitiesRepository } from './chat-identities.repository.ts';
import { ContactAttemptsRepository } from './contact-attempts.repository.ts';
import { ContactPinsRepository } from './contact-pins.repository.ts';
import { InvitesRepository } from './invites.repository.ts';
import { OutboxLeaseRepository } from './outbox-lease.repository.ts';
import { OutboxRepository } from './outbox.repository.ts';
import { ProfilesRepository } from './profiles.repository.ts';
import { RedemptionsRepository } from './redemptions.repository.ts';
import { SignupsRepository } from './signups.repository.ts';

export { AccountLinkTokensRepository, AccountsRepository, ApiKeysRepository, ChatIdentitiesRepository, ContactAttemptsRepository, ContactPinsRepository, InvitesRepository, ProfilesRepository, RedemptionsRepository, SignupsRepository };
export type { InviteWithProfile } from './invites.repository.ts';
export { OutboxLeaseRepository, OutboxRepository };

/** Every repository over one executor: the database, or a transaction. */
export interface Repositories {
  invites: InvitesRepository;
  profiles: ProfilesRepository;
  accounts: AccountsRepository;
  redemptions: RedemptionsRepository;
  signups: SignupsRepository;
  apiKeys: ApiKeysRepository;
  chatIdentities: ChatIdentitiesRepository;
  contactPins: ContactPinsRepository;
  contactAttempts: ContactAttemptsRepository;
  accountLinkTokens: AccountLinkTokensRepository;
  outbox: OutboxRepository;
  announcementTemplates: AnnouncementTemplatesRepository;
}

export function createRepositories(db: Db): Repositories {
  return {
    invites: new InvitesRepository(db),
    profiles: new ProfilesRepository(db),
    accounts: new AccountsRepository(db),
    redemptions: new RedemptionsRepository(db),
    signups: new SignupsRepository(db),
    apiKeys: new ApiKeysRepository(db),
    chatIdentities: new ChatIdentitiesRepository(db),
    contactPins: new ContactPinsRepository(db),
    contactAttempts: new ContactAttemptsRepository(db),
    accountLinkTokens: new AccountLinkTokensRepository(db),
    outbox: new OutboxRepository(db),
    announcementTemplates: new AnnouncementTemplatesRepository(db),
  };
}

/** Runs `work` in one transaction, with repositories bound to it (and the transaction, for the outbox). */
export async function inTransaction<T>(db: Db, work: (repos: Repositories, trx: Db) => Promise<T>): Promise<T> {
  return db.transaction().execute((trx) => work(createRepositories(trx), trx));
}

/** `select 1`: does the database answer at all. */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}

/** A unique or primary-key violation, on SQLite or PostgreSQL. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}
