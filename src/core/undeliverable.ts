import type { Db } from '../db/database.ts';
import { createRepositories, inTransaction } from '../db/repositories/index.ts';
import { OutboxRepository } from '../db/repositories/outbox.repository.ts';
import type { MessageId } from '../messages/ids.ts';
import type { Outbox } from '../outbox/outbox.ts';
import type { GivenUpMessage, OutboxContent } from '../outbox/types.ts';
import type { NoticeService } from './notices.ts';

/**
 * What happens when the outbox gives up on a message (refused for good, or out of attempts): a
 * notice to a person falls back to their email when they have one and it was not the email that
 * failed; otherwise the admins get `admin_delivery_failed`. Admin notices that fail are only
 * logged by the outbox, never re-announced (that could loop).
 */
export class UndeliverableMessages {
  constructor(
    private readonly db: Db,
    private readonly outbox: Pick<Outbox, 'enqueue'>,
    private readonly notices: Pick<NoticeService, 'toAdmins'>,
    private readonly emailConfigured: boolean,
  ) {}

  async handle(message: GivenUpMessage): Promise<'email' | 'admins' | 'ignored'> {
    if (message.messageId.startsWith('admin_')) return 'ignored';
    const row = await new OutboxRepository(this.db).findById(message.id);
    const account = message.account ? await createRepositories(this.db).accounts.findById(message.account) : undefined;
    const eventKey = row ? eventKeyOf(row.idempotency_key, message) : `undeliverable:${message.id}`;
    return inTransaction(this.db, async (_repos, trx) => {
      if (row && account?.email && message.platform !== 'email' && this.emailConfigured) {
        const content = JSON.parse(row.content) as OutboxContent;
        await this.outbox.enqueue(trx, { key: eventKey, platform: 'email', target: account.email, messageId: message.messageId, content, account: account.jellyfin_user_id });
        return 'email';
      }
      const vars = { username: account?.username ?? message.target, message_id: message.messageId, channel: message.platform, error: message.error, attempts: message.attempts };
      await this.notices.toAdmins(trx, { messageId: 'admin_delivery_failed' satisfies MessageId, vars, eventKey: `undeliverable:${message.id}` });
      return 'admins';
    });
  }
}

/** The event's own key: the idempotency key without `/<platform>/<target>`, so an email already queued for it is not sent twice. */
function eventKeyOf(idempotencyKey: string, message: GivenUpMessage): string {
  const suffix = `/${message.platform}/${message.target}`;
  return idempotencyKey.endsWith(suffix) ? idempotencyKey.slice(0, -suffix.length) : `undeliverable:${message.id}`;
}
