import type { Config } from '../config/schema.ts';
import type { Db } from '../db/database.ts';
import { createRepositories } from '../db/repositories/index.ts';
import type { AccountRow } from '../db/tables/accounts.table.ts';
import type { ChatIdentityRow } from '../db/tables/chat-identities.table.ts';
import type { Logger } from '../log.ts';
import type { MessageCatalogue } from '../messages/catalogue.ts';
import type { MessageId, VariableValue } from '../messages/ids.ts';
import type { Outbox } from '../outbox/outbox.ts';
import type { OutboxMessage, OutboxPlatform } from '../outbox/types.ts';
import { languageOfChats } from './languages.ts';

/** A channel a notice can take: a chat platform or email. */
export type NoticeChannel = OutboxPlatform;

export interface NoticeDeps {
  config: Pick<Config, 'notify' | 'admins' | 'matrix' | 'messages' | 'email' | 'telegram' | 'discord' | 'jellyfin'>;
  outbox: Pick<Outbox, 'enqueue'>;
  catalogue: Pick<MessageCatalogue, 'render' | 'pickLanguage'>;
  log: Logger;
}

/** A person without chat or email is normal for these: no "could not reach" notice for them. */
const QUIET_WHEN_UNREACHABLE: MessageId[] = ['welcome', 'announcement'];

/** A finished sign-up, as the notices need it. */
export interface SignupNotice {
  jellyfinUserId: string;
  username: string;
  expiresAt: string | null;
  email: string | null;
  invite: { code: string; label: string | null };
  profile: string | null;
}

/** A person a notice may reach: their account (absent when Doorman does not know them) and chats. */
export interface Recipient {
  account: AccountRow | undefined;
  chats: ChatIdentityRow[];
}

/** Who a notice to an account reached: the channels queued, or none. */
export interface Reach {
  channels: NoticeChannel[];
}

export interface AccountNotice {
  jellyfinUserId: string;
  messageId: MessageId;
  vars: Record<string, VariableValue>;
  /** Names the event: with the channel and target it forms the idempotency key (`welcome:<user id>`). */
  eventKey: string;
  /** Email as well as the chats (the welcome), not only when no chat reaches the person. */
  alsoEmail?: boolean;
  unsubscribeUrl?: string;
}

/**
 * Turns events into outbox rows, in the transaction of the change that causes them: a notice to an
 * account goes to every chat it linked and left notices on, in that chat's language; with no such
 * chat, by email; with neither, the admins hear that the person could not be reached. Admin notices
 * go to notify.admin_channels, else to every configured admin, each type switchable off.
 */
export class NoticeService {
  private warnedNowhere = false;

  constructor(private readonly deps: NoticeDeps) {}

  /** Queues the notice within `trx` (the transaction of the change that causes it). */
  async toAccount(trx: Db, notice: AccountNotice): Promise<Reach> {
    return (await this.toAccounts(trx, [notice]))[0];
  }

  /**
   * Queues one notice per account within `trx` (an announcement: one event, many people); the
   * accounts and their chats are read in two queries whatever the number of people.
   */
  async toAccounts(trx: Db, notices: readonly AccountNotice[]): Promise<Reach[]> {
    const people = await this.recipients(trx, notices.map((notice) => notice.jellyfinUserId));
    const reaches: Reach[] = [];
    for (const notice of notices) {
      const person = people.get(notice.jellyfinUserId) ?? { account: undefined, chats: [] };
      const route = this.route(person, notice.messageId, notice.alsoEmail === true);
      for (const chat of route.chats) await this.enqueue(trx, notice, languageOfChats(this.deps.catalogue, [chat]), { platform: chat.platform as NoticeChannel, target: chat.user_id });
      if (route.email) await this.enqueue(trx, notice, languageOfChats(this.deps.catalogue, person.chats), { platform: 'email', target: route.email });
      const channels = [...route.chats.map((chat) => chat.platform as NoticeChannel), ...(route.email ? ['email' as const] : [])];
      if (channels.length === 0 && !QUIET_WHEN_UNREACHABLE.includes(notice.messageId)) {
        const vars = { username: person.account?.username ?? notice.jellyfinUserId, message_id: notice.messageId, channel: 'none', error: 'no linked chat with notices on, and no email' };
        await this.toAdmins(trx, { messageId: 'admin_delivery_failed', eventKey: `${notice.eventKey}/unreachable`, vars });
      }
      reaches.push({ channels });
    }
    return reaches;
  }

  /** The accounts and all their chats, by Jellyfin user id. */
  async recipients(db: Db, jellyfinUserIds: readonly string[]): Promise<Map<string, Recipient>> {
    const repos = createRepositories(db);
    const ids = [...new Set(jellyfinUserIds)];
    const [accounts, chats] = await Promise.all([repos.accounts.findByIds(ids), repos.chatIdentities.listByAccounts(ids)]);
    const people = new Map<string, Recipient>(ids.map((id) => [id, { account: undefined, chats: [] }]));
    for (const account of accounts) people.get(account.jellyfin_user_id)!.account = account;
    for (const chat of chats) people.get(chat.jellyfin_user_id!)?.chats.push(chat);
    return people;
  }

  /**
   * Where a notice to this person goes: every linked chat with notices on, on a configured platform;
   * their email as well when asked (the welcome), else only when no chat takes it; an announcement
   * never goes to an email that opted out.
   */
  route(person: Recipient, messageId: MessageId, alsoEmail = false): { chats: ChatIdentityRow[]; email: string | null } {
    const chats = person.chats.filter((row) => row.notify === 1 && this.platformOn(row.platform));
    const { account } = person;
    const optedOut = messageId === 'announcement' && account?.announcements === 0;
    const hasEmail = Boolean(account?.email) && this.deps.config.email !== undefined && !optedOut;
    return { chats, email: hasEmail && (alsoEmail || chats.length === 0) ? account!.email : null };
  }

  /** An admin notice (`admin_user_created`…) within `trx`; returns how many messages were queued (0 when switched off). */
  async toAdmins(trx: Db, notice: Pick<AccountNotice, 'messageId' | 'vars' | 'eventKey'>): Promise<number> {
    if (this.deps.config.notify.events[notice.messageId] === false) return 0;
    const targets = this.adminTargets();
    const lang = this.deps.catalogue.pickLanguage({});
    for (const target of targets) await this.enqueue(trx, { ...notice, jellyfinUserId: '' }, lang, target);
    if (targets.length === 0 && !this.warnedNowhere) {
      // Once per process: running without chat admins is a valid set-up (the CLI and REST are admins).
      this.warnedNowhere = true;
      this.deps.log.warn({ message: notice.messageId }, 'admin notices have nowhere to go: set notify.admin_channels or list admins (said once)');
    }
    return targets.length;
  }

  /**
   * Within the sign-up's own transaction: the welcome to every chat the new user linked and to the
   * email they gave, `admin_user_created`, and `admin_invite_used_up` when that was the last use.
   */
  async signedUp(trx: Db, signup: SignupNotice): Promise<void> {
    const { jellyfinUserId, username, invite } = signup;
    const welcome = { username, jellyfin_url: this.deps.config.jellyfin.public_url, expires_at: signup.expiresAt };
    await this.toAccount(trx, { jellyfinUserId, messageId: 'welcome', vars: welcome, eventKey: `welcome:${jellyfinUserId}`, alsoEmail: true });
    const created = { username, invite_code: invite.code, invite_label: invite.label, profile: signup.profile, email: signup.email };
    await this.toAdmins(trx, { messageId: 'admin_user_created', vars: created, eventKey: `user_created:${jellyfinUserId}` });
    const row = await createRepositories(trx).invites.findByCode(invite.code);
    if (row && row.uses_total > 0 && row.uses_count >= row.uses_total) {
      const usedUp = { invite_code: invite.code, invite_label: invite.label, uses: row.uses_total, last_username: username };
      await this.toAdmins(trx, { messageId: 'admin_invite_used_up', vars: usedUp, eventKey: `invite_used_up:${invite.code}` });
    }
  }

  /** notify.admin_channels when set, else a DM to each configured admin and matrix.admin_room. */
  adminTargets(): { platform: NoticeChannel; target: string }[] {
    const { notify, admins, matrix } = this.deps.config;
    if (notify.admin_channels.length > 0) {
      // Telegram reaches a group by its chat id like a person; Discord channels and Matrix rooms are rooms.
      return notify.admin_channels.map((entry) => ({ platform: entry.platform, target: entry.platform === 'discord' || entry.platform === 'matrix' ? `room:${entry.target}` : entry.target }));
    }
    const targets: { platform: NoticeChannel; target: string }[] = [];
    for (const platform of ['telegram', 'discord', 'matrix'] as const) {
      if (!this.platformOn(platform)) continue;
      for (const id of admins[platform]) targets.push({ platform, target: id });
    }
    if (matrix?.admin_room) targets.push({ platform: 'matrix', target: `room:${matrix.admin_room}` });
    return targets;
  }

  private async enqueue(trx: Db, notice: AccountNotice, lang: string, to: Pick<OutboxMessage, 'platform' | 'target'>): Promise<void> {
    const { subject, markdown } = this.deps.catalogue.render(notice.messageId, lang, notice.vars as never);
    const content = notice.unsubscribeUrl && to.platform === 'email' ? { subject, markdown, unsubscribeUrl: notice.unsubscribeUrl } : { subject, markdown };
    await this.deps.outbox.enqueue(trx, { key: notice.eventKey, ...to, messageId: notice.messageId, content, account: notice.jellyfinUserId || null });
  }

  private platformOn(platform: string): boolean {
    return (platform === 'telegram' || platform === 'discord' || platform === 'matrix') && this.deps.config[platform] !== undefined;
  }
}
