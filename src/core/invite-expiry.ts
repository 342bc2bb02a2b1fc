import type { Db } from '../db/database.ts';
import { createRepositories, inTransaction } from '../db/repositories/index.ts';
import type { Clock } from './clock.ts';
import type { NoticeService } from './notices.ts';

/** How far back a sweep looks: an invite that expired while Doorman was down longer is not announced. */
export const INVITE_EXPIRY_LOOKBACK_MS = 24 * 3_600_000;

/**
 * Tells the admins about invites whose time ran out (`admin_invite_expired`). Sweeps are cheap and
 * may repeat or run in several processes: the outbox's idempotency key (`invite_expired:<code>`)
 * keeps it to one notice per invite. An invite used up before it expired was announced as such.
 */
export class InviteExpiryNotices {
  constructor(
    private readonly db: Db,
    private readonly notices: Pick<NoticeService, 'toAdmins'>,
    private readonly clock: Clock,
  ) {}

  /** Queues the notices for invites expired since the last day; returns how many invites it covered. */
  async sweep(): Promise<number> {
    const now = this.clock.now();
    const since = new Date(now.getTime() - INVITE_EXPIRY_LOOKBACK_MS).toISOString();
    const expired = await createRepositories(this.db).invites.listExpiredBetween(since, now.toISOString());
    const unannounced = expired.filter((invite) => invite.uses_total === 0 || invite.uses_count < invite.uses_total);
    if (unannounced.length === 0) return 0;
    await inTransaction(this.db, async (_repos, trx) => {
      for (const invite of unannounced) {
        const vars = { invite_code: invite.code, invite_label: invite.label, uses: invite.uses_count, expired_at: invite.expires_at };
        await this.notices.toAdmins(trx, { messageId: 'admin_invite_expired', vars, eventKey: `invite_expired:${invite.code}` });
      }
    });
    return unannounced.length;
  }
}
