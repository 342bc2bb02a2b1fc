import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { metaValue } from '../db/meta-value.ts';
import { createRepositories, type Repositories } from '../db/repositories/index.ts';
import type { Clock } from './clock.ts';
import { DomainError } from './errors.ts';

const KEY = 'unsubscribe_key';

/**
 * The opt-out links of announcement emails: `{public_url}/unsubscribe/{user id}.{signature}`. The
 * signature (HMAC with a key made once and kept in `meta`) proves the link came from Doorman, so the
 * link needs no table of its own and never expires.
 */
export class UnsubscribeLinks {
  private readonly repos: Repositories;
  private key: Promise<string> | null = null;

  constructor(
    private readonly db: Db,
    private readonly publicUrl: string,
    private readonly clock: Clock,
  ) {
    this.repos = createRepositories(db);
  }

  async url(jellyfinUserId: string): Promise<string> {
    return `${this.publicUrl}/unsubscribe/${jellyfinUserId}.${await this.sign(jellyfinUserId)}`;
  }

  /** Switches announcement emails off for the link's account; returns its username. */
  async redeem(token: string): Promise<{ username: string }> {
    const account = await this.accountOf(token);
    await this.repos.accounts.setAnnouncements(account.jellyfin_user_id, false, this.clock.now().toISOString());
    return { username: account.username };
  }

  /** The account a link names, or not_found for a link Doorman did not make. */
  async accountOf(token: string) {
    const [id, signature] = (token ?? '').split('.');
    const expected = id ? Buffer.from(await this.sign(id)) : null;
    const given = Buffer.from(signature ?? '');
    const valid = expected !== null && expected.length === given.length && timingSafeEqual(expected, given);
    const account = valid ? await this.repos.accounts.findById(id) : undefined;
    if (!account) throw new DomainError('not_found', 'This unsubscribe link is not valid: copy the whole link from the email, or ask an admin.');
    return account;
  }

  private async sign(id: string): Promise<string> {
    this.key ??= metaValue(this.db, KEY).getOrCreate(() => randomBytes(32).toString('hex'));
    return createHmac('sha256', await this.key).update(id).digest('base64url').slice(0, 32);
  }
}
