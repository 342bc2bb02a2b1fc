import { randomBytes } from 'node:crypto';
import type { ChatDeliveries } from '../chat/delivery.ts';
import { PLATFORM_NAMES, type ChatIdentity, type Platform } from '../chat/types.ts';
import type { Reply } from '../../commands/reply.ts';
import type { Config } from '../config/schema.ts';
import type { Db } from '../db/database.ts';
import { createRepositories, inTransaction, type Repositories } from '../db/repositories/index.ts';
import type { ChatIdentityRow } from '../db/tables/chat-identities.table.ts';
import type { Logger } from '../log.ts';
import type { MessageCatalogue } from '../messages/catalogue.ts';
import { AccountSends, type AccountSendResult } from './account-sends.ts';
import type { Clock } from './clock.ts';
import { ContactPins, handleUnknown, type PinInput } from './contact-pins.ts';
import { contactRule, newIdentityRow, sendDirect, type IdentityRef } from './contact-rules.ts';
import { DomainError } from './errors.ts';
import { clientLanguage, languageOfChats } from './languages.ts';
import type { InviteService } from './invites.ts';
import { LinkFollowUp, type AdminNotices } from './link-follow-up.ts';
import { sameHash, secretHash } from './pins.ts';
import type { UserService } from './users.ts';

/** Proves a Jellyfin password: the user's id and name, or null for wrong credentials. */
export type PasswordCheck = (username: string, password: string) => Promise<{ id: string; name: string } | null>;

export const ACCOUNT_LINK_TTL_MS = 15 * 60_000;

export interface ContactsDeps {
  db: Db;
  config: Pick<Config, 'contacts' | 'server' | 'admins'>;
  clock: Clock;
  invites: InviteService;
  users: UserService;
  deliveries: ChatDeliveries;
  passwordCheck: PasswordCheck;
  /** For the warnings of LinkFollowUp and AccountSends (a failed member role, a fallback). */
  log?: Logger;
  /** Where a failed step after linking is reported (the admin notices). */
  notices?: AdminNotices;
  /** Picks a recipient's language for direct sends written per language (`invite send`). */
  catalogue?: Pick<MessageCatalogue, 'pickLanguage'>;
}

/** A chat account as `identify` and `me` see it. */
export interface ContactView {
  platform: Platform;
  user_id: string;
  handle: string | null;
  lang: string | null;
  notify: boolean;
  account: { jellyfinUserId: string; username: string; expires_at: string | null } | null;
}

/**
 * Chat accounts and their link to Jellyfin accounts: sightings, PINs (through ContactPins),
 * preferences, linking by an admin or by signing in, and direct sends to a known handle.
 */
export class ContactService {
  private readonly repos: Repositories;
  readonly pins: ContactPins;
  private readonly followUp: LinkFollowUp;
  private readonly accountSends: AccountSends;

  constructor(private readonly deps: ContactsDeps) {
    this.repos = createRepositories(deps.db);
    this.followUp = new LinkFollowUp(deps.deliveries, deps.db, deps.notices, deps.log);
    this.accountSends = new AccountSends(this.repos, deps.deliveries, deps.log);
    this.pins = new ContactPins(this.repos, deps.config, deps.clock, deps.invites, deps.deliveries, this.followUp);
  }

  createPin(input: PinInput) {
    return this.pins.createPin(input);
  }

  pinStatus(input: PinInput & { pin: string; ip?: string }) {
    return this.pins.pinStatus(input);
  }

  verifyPin(identity: IdentityRef, pin: string) {
    return this.pins.verifyPin(identity, pin);
  }

  sendPinDm(input: PinInput & { handle: string; ip?: string }) {
    return this.pins.sendPinDm(input);
  }

  /** Records a message's sender (first seen, handle as last seen) and returns what Doorman knows of it. */
  async see(identity: ChatIdentity): Promise<ContactView> {
    const now = this.deps.clock.now().toISOString();
    const handle = identity.handle?.trim() || null;
    const clientLang = clientLanguage(identity.language);
    await this.repos.chatIdentities.upsertSeen({ ...newIdentityRow(identity.platform, identity.userId, handle, now), client_lang: clientLang });
    return this.view(identity);
  }

  async view(identity: IdentityRef): Promise<ContactView> {
    const row = await this.repos.chatIdentities.find(identity.platform, identity.userId);
    if (!row) throw new DomainError('not_found', 'Doorman has not seen this chat account yet. Send start to the bot first.');
    return this.toView(row);
  }

  /** `me`: the account, every channel linked to it, and this chat's preferences. */
  async me(identity: IdentityRef): Promise<ContactView & { channels: { platform: Platform; handle: string | null; notify: boolean }[] }> {
    const view = await this.view(identity);
    if (!view.account) return { ...view, channels: [] };
    const rows = await this.repos.chatIdentities.listByAccount(view.account.jellyfinUserId);
    return { ...view, channels: rows.map((r) => ({ platform: r.platform as Platform, handle: r.handle, notify: r.notify === 1 })) };
  }

  async setLanguage(identity: IdentityRef, lang: string): Promise<void> {
    const code = lang.trim();
    if (!/^[a-z]{2,3}(-[a-z0-9]{2,8})?$/i.test(code)) {
      throw new DomainError('validation', `"${code.slice(0, 20)}" is not a language code: use one like en, de or pt-BR.`, { field: 'code' });
    }
    await this.view(identity);
    await this.repos.chatIdentities.setPreferences(identity.platform, identity.userId, { lang: code });
  }

  async setNotify(identity: IdentityRef, on: boolean): Promise<void> {
    await this.view(identity);
    await this.repos.chatIdentities.setPreferences(identity.platform, identity.userId, { notify: on ? 1 : 0 });
  }

  /** Removes this chat account's link; returns the account name it was linked to. */
  async unlink(identity: IdentityRef): Promise<string> {
    const view = await this.view(identity);
    if (!view.account) throw new DomainError('not_linked', 'This chat account is not linked to a Jellyfin account.');
    await this.repos.chatIdentities.setLink(identity.platform, identity.userId, null, null);
    return view.account.username;
  }

  /**
   * Admin: binds a chat account (a user id, or a handle that wrote to the bot) to a Jellyfin user,
   * respecting contacts.<platform>.unique. Without `unique`, a link moves to the new account.
   */
  async linkAccount(input: { user: string; platform: Platform; who: string }): Promise<{ username: string; identity: ContactView }> {
    const user = await this.deps.users.info(input.user);
    const userId = await this.resolveWho(input.platform, input.who);
    const existing = await this.repos.chatIdentities.find(input.platform, userId);
    if (existing?.jellyfin_user_id && existing.jellyfin_user_id !== user.id) await this.pins.refuseTaken({ platform: input.platform, userId });
    await this.bind(input.platform, userId, { id: user.id, name: user.name });
    return { username: user.name, identity: await this.view({ platform: input.platform, userId }) };
  }

  /** A DM to a handle (or user id) that wrote to the bot: `invite send`. */
  /**
   * A direct message to a chat handle or id. `reply` may be made per language: it is then written in
   * the recipient's (chosen with `lang`, else their client's, else messages.language).
   */
  async sendToHandle(input: { platform: Platform; who: string; reply: Reply | ((lang: string) => Reply) }): Promise<{ user_id: string; handle: string | null }> {
    const userId = await this.resolveWho(input.platform, input.who, true);
    const row = await this.repos.chatIdentities.find(input.platform, userId);
    const lang = this.deps.catalogue ? languageOfChats(this.deps.catalogue, row ? [row] : []) : 'en';
    await sendDirect(this.deps.deliveries, input.platform, userId, typeof input.reply === 'function' ? input.reply(lang) : input.reply);
    return { user_id: userId, handle: row?.handle ?? null };
  }

  /**
   * A direct message to a Jellyfin account: its `prefer`red linked chat first, then its other linked
   * chats when a platform refuses (DMs closed) or is down. Refused only when no channel took it.
   */
  sendToAccount(input: { jellyfinUserId: string; reply: Reply; prefer?: Platform }): Promise<AccountSendResult> {
    return this.accountSends.send(input);
  }

  /** `link` without a PIN: a short-lived page where the person signs in to Jellyfin to prove the account. */
  async createAccountLinkToken(identity: IdentityRef): Promise<{ url: string; expires_at: string }> {
    await this.view(identity);
    const token = randomBytes(24).toString('base64url');
    const now = this.deps.clock.now();
    const expires_at = new Date(now.getTime() + ACCOUNT_LINK_TTL_MS).toISOString();
    await this.repos.accountLinkTokens.insert({ token_hash: secretHash(token), platform: identity.platform, user_id: identity.userId, created_at: now.toISOString(), expires_at, used_at: null });
    return { url: `${this.deps.config.server.public_url}/link/${token}`, expires_at };
  }

  /** Whether a link token may still be used (the page shows its form only then). */
  async accountLinkTokenStatus(token: string): Promise<{ platform: Platform; handle: string | null; expires_at: string }> {
    const row = await this.findToken(token);
    const identity = await this.repos.chatIdentities.find(row.platform, row.user_id);
    return { platform: row.platform as Platform, handle: identity?.handle ?? null, expires_at: row.expires_at };
  }

  /** The page's sign-in: proves the Jellyfin password, then binds the chat account; single use. */
  async redeemAccountLinkToken(input: { token: string; username: string; password: string }): Promise<{ username: string; platform: Platform }> {
    const row = await this.findToken(input.token);
    const user = await this.deps.passwordCheck(String(input.username ?? '').trim(), String(input.password ?? ''));
    if (!user) throw new DomainError('unauthorized', 'That username and password did not sign in to Jellyfin. Check them and try again.');
    const platform = row.platform as Platform;
    const existing = await this.repos.chatIdentities.find(platform, row.user_id);
    if (existing?.jellyfin_user_id && existing.jellyfin_user_id !== user.id) await this.pins.refuseTaken({ platform, userId: row.user_id });
    if ((await this.repos.accountLinkTokens.markUsed(row.token_hash, this.deps.clock.now().toISOString())) === 0) throw linkTokenInvalid();
    await this.bind(platform, row.user_id, user);
    return { username: user.name, platform };
  }

  private async findToken(token: string) {
    const hash = secretHash(typeof token === 'string' ? token.trim() : '');
    const row = await this.repos.accountLinkTokens.findByHash(hash);
    if (!row || !sameHash(row.token_hash, hash) || row.used_at !== null || row.expires_at <= this.deps.clock.now().toISOString()) throw linkTokenInvalid();
    return row;
  }

  /** The link and, for a Jellyfin user Doorman did not know, its account record: both or neither; then the platform's step after linking. */
  private async bind(platform: Platform, userId: string, user: { id: string; name: string }): Promise<void> {
    const now = this.deps.clock.now().toISOString();
    await inTransaction(this.deps.db, async (repos) => {
      if (!(await repos.accounts.findById(user.id))) {
        await repos.accounts.insert({ jellyfin_user_id: user.id, username: user.name, invite_code: null, profile_id: null, label: null, expires_at: null, created_at: now, updated_at: now });
      }
      await repos.chatIdentities.insertIfMissing(newIdentityRow(platform, userId, null, now));
      await repos.chatIdentities.setLink(platform, userId, user.id, now);
    });
    const row = await this.repos.chatIdentities.find(platform, userId);
    await this.followUp.linked([{ platform, userId, handle: row?.handle ?? null, username: user.name }]);
  }

  /**
   * A numeric id is taken as it is (for a send: only when seen); anything else is a handle that wrote
   * to the bot, or one the platform finds itself (Discord: a server member by exact username or id).
   */
  private async resolveWho(platform: Platform, who: string, mustBeKnown = false): Promise<string> {
    const text = (who ?? '').trim();
    if (/^-?\d+$/.test(text) && (!mustBeKnown || (await this.repos.chatIdentities.find(platform, text)))) return text;
    const found = text === '' ? undefined : await this.pins.findOrLookUp(platform, text);
    if (!found) throw handleUnknown(platform, text, this.deps.deliveries.get(platform)?.botHandle);
    return found.user_id;
  }

  private async toView(row: ChatIdentityRow): Promise<ContactView> {
    const account = row.jellyfin_user_id ? await this.repos.accounts.findById(row.jellyfin_user_id) : undefined;
    return {
      platform: row.platform as Platform,
      user_id: row.user_id,
      handle: row.handle,
      lang: row.lang,
      notify: row.notify === 1,
      account: account ? { jellyfinUserId: account.jellyfin_user_id, username: account.username, expires_at: account.expires_at } : null,
    };
  }
}


function linkTokenInvalid(): DomainError {
  return new DomainError('not_found', 'This sign-in link is not valid any more: it may have been used or be older than 15 minutes. Send link to the bot for a new one.');
}

export { contactRule, newIdentityRow, PLATFORM_NAMES };
