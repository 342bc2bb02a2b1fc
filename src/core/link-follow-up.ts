import { randomUUID } from 'node:crypto';
import type { ChatDeliveries } from '../chat/delivery.ts';
import { PLATFORM_NAMES, type Platform } from '../chat/types.ts';
import type { Db } from '../db/database.ts';
import type { Logger } from '../log.ts';
import type { NoticeService } from './notices.ts';
import { describeError } from './failures.ts';

/** A chat account that was just bound to a Doorman account. */
export interface NewLink {
  platform: Platform;
  userId: string;
  handle: string | null;
  /** The Jellyfin account's name, for the admins' message. */
  username: string;
}

/** Where the admins hear about it: the admin notices (src/core/notices.ts), queued in the outbox. */
export interface AdminNotices {
  toAdmins: NoticeService['toAdmins'];
}

/**
 * What follows a committed link: the platform's own step (`ChatDelivery.onLinked`: Discord's member
 * role). Its failure never undoes the link (jfa-go #459): it is logged as a warning and the admins
 * get `admin_link_step_failed` naming the person and the fix (notify.admin_channels, else a DM to
 * each configured admin). Never rejects.
 */
export class LinkFollowUp {
  constructor(
    private readonly deliveries: ChatDeliveries,
    private readonly db: Db,
    private readonly notices: AdminNotices | undefined,
    private readonly log: Logger | undefined,
  ) {}

  async linked(links: readonly NewLink[]): Promise<void> {
    for (const link of links) await this.followUp(link);
  }

  private async followUp(link: NewLink): Promise<void> {
    const delivery = this.deliveries.get(link.platform);
    if (!delivery?.onLinked) return;
    try {
      await delivery.onLinked(link.userId);
    } catch (error) {
      this.log?.warn({ platform: link.platform, chat_user: link.userId, account: link.username, err: describeError(error) }, 'a chat account was linked, but the platform step after linking failed');
      await this.tellAdmins(link, error instanceof Error ? error.message : String(error));
    }
  }

  private async tellAdmins(link: NewLink, problem: string): Promise<void> {
    const vars = { username: link.username, platform: PLATFORM_NAMES[link.platform], handle: link.handle, chat_id: link.userId, problem };
    try {
      await this.notices?.toAdmins(this.db, { messageId: 'admin_link_step_failed', vars, eventKey: `link_step:${link.platform}:${link.userId}:${randomUUID()}` });
    } catch (error) {
      this.log?.error({ platform: link.platform, err: describeError(error) }, 'the admins could not be told about a failed step after linking');
    }
  }
}
