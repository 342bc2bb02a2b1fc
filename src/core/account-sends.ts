import type { Reply } from '../../commands/reply.ts';
import type { ChatDeliveries } from '../chat/delivery.ts';
import type { Platform } from '../chat/types.ts';
import type { Repositories } from '../db/repositories/index.ts';
import type { Logger } from '../log.ts';
import { sendDirect } from './contact-rules.ts';
import { DomainError, isDomainError } from './errors.ts';
import { withCause } from './failures.ts';

/** Where an account-addressed message went, and the channels that refused it first. */
export interface AccountSendResult {
  platform: Platform;
  user_id: string;
  refused: { platform: Platform; code: 'dm_closed' | 'chat_unavailable' }[];
}

/**
 * A direct message to a Jellyfin account rather than to one chat account: it goes to the preferred
 * linked channel, and when that platform refuses (DMs closed: Discord's 50007, a blocked bot) or is
 * down, to the account's other linked channels in turn. Nothing is lost silently: either one channel
 * took it, or the caller gets one refusal naming every channel that was tried.
 */
export class AccountSends {
  constructor(
    private readonly repos: Repositories,
    private readonly deliveries: ChatDeliveries,
    private readonly log: Logger | undefined,
  ) {}

  async send(input: { jellyfinUserId: string; reply: Reply; prefer?: Platform }): Promise<AccountSendResult> {
    const rows = await this.repos.chatIdentities.listByAccount(input.jellyfinUserId);
    if (rows.length === 0) {
      throw new DomainError('not_linked', 'This Jellyfin account has no linked chat account, so nothing was sent. Link one first (send link to the bot).');
    }
    const ordered = [...rows].sort((a, b) => Number(b.platform === input.prefer) - Number(a.platform === input.prefer));
    const refused: AccountSendResult['refused'] = [];
    const failures: DomainError[] = [];
    for (const row of ordered) {
      const platform = row.platform as Platform;
      try {
        await sendDirect(this.deliveries, platform, row.user_id, input.reply);
        if (refused.length > 0) this.log?.info({ account: input.jellyfinUserId, platform, refused }, 'a direct message went to another linked chat');
        return { platform, user_id: row.user_id, refused };
      } catch (error) {
        if (!isDomainError(error) || (error.code !== 'dm_closed' && error.code !== 'chat_unavailable')) throw error;
        refused.push({ platform, code: error.code });
        failures.push(error);
      }
    }
    throw nothingSent(failures);
  }
}

/** Every linked channel refused: closed everywhere is dm_closed; any outage makes it worth a retry. */
function nothingSent(failures: DomainError[]): DomainError {
  const closedEverywhere = failures.every((failure) => failure.code === 'dm_closed');
  const details = failures.map((failure) => failure.message).join(' ');
  const tried = failures.length === 1 ? 'the one linked chat' : `all ${failures.length} linked chats`;
  const error = closedEverywhere
    ? new DomainError('dm_closed', `Nothing was sent: ${tried} refused the message. ${details}`)
    : new DomainError('chat_unavailable', `Nothing was sent: ${tried} could not take the message. ${details}`, { retryable: true });
  return withCause(error, failures[0]);
}
