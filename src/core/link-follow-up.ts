import type { Reply } from '../../commands/reply.ts';
import type { ChatDeliveries } from '../chat/delivery.ts';
import { PLATFORM_NAMES, type Platform } from '../chat/types.ts';
import type { Config } from '../config/schema.ts';
import type { Logger } from '../log.ts';
import { describeError } from './failures.ts';

/** A chat account that was just bound to a Doorman account. */
export interface NewLink {
  platform: Platform;
  userId: string;
  handle: string | null;
  /** The Jellyfin account's name, for the admins' message. */
  username: string;
}

/**
 * What follows a committed link: the platform's own step (`ChatDelivery.onLinked`: Discord's member
 * role). Its failure never undoes the link (jfa-go #459): it is logged as a warning and the platform's
 * admins (`admins.<platform>`) get a direct message naming the person and the fix. Never rejects.
 */
export class LinkFollowUp {
  constructor(
    private readonly deliveries: ChatDeliveries,
    private readonly config: Pick<Config, 'admins'>,
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

  /** Until the Messages issue's admin notices exist: a DM to each admin listed for the platform. */
  private async tellAdmins(link: NewLink, problem: string): Promise<void> {
    const delivery = this.deliveries.get(link.platform);
    const admins = (this.config.admins as Partial<Record<Platform, readonly string[]>>)[link.platform] ?? [];
    if (!delivery || admins.length === 0) return;
    const name = PLATFORM_NAMES[link.platform];
    const who = link.handle ? `${link.handle} (id ${link.userId})` : `id ${link.userId}`;
    const reply: Reply = {
      text: `${name} user ${who} is now linked to the Jellyfin account ${link.username}, but the step after linking failed. The link itself is in place.\n${problem}`,
    };
    for (const admin of admins) {
      try {
        await delivery.sendDirect(admin, reply);
      } catch (error) {
        this.log?.warn({ platform: link.platform, admin, err: describeError(error) }, 'an admin could not be told about a failed step after linking');
      }
    }
  }
}
