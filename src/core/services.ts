import { ChatDeliveries } from '../chat/delivery.ts';
import type { Config } from '../config/schema.ts';
import type { Db } from '../db/database.ts';
import type { JellyfinClient } from '../jellyfin/client.ts';
import type { Logger } from '../log.ts';
import { Outbox } from '../outbox/outbox.ts';
import { MessageCatalogue } from '../messages/catalogue.ts';
import { ApiKeyService } from './api-keys.ts';
import type { Clock } from './clock.ts';
import { ContactService, type PasswordCheck } from './contacts.ts';
import { freshServerInfo, HealthService } from './health.ts';
import { InviteService } from './invites.ts';
import { jellyfinPasswordCheck } from './jellyfin-password.ts';
import { PasswordRules } from './password-rules.ts';
import { ProfileService } from './profiles.ts';
import type { UndoOptions } from './signup-undo.ts';
import { SignupService } from './signup.ts';
import { UnsubscribeLinks } from './unsubscribe.ts';
import { AnnouncementService } from './announcements.ts';
import { InviteExpiryNotices } from './invite-expiry.ts';
import { NoticeService } from './notices.ts';
import { UndeliverableMessages } from './undeliverable.ts';
import { UserSelection } from './user-selection.ts';
import { UserService } from './users.ts';

export type { CreateInviteInput } from './invites.ts';
export type { CaptureProfileInput, ProfileDetails } from './profiles.ts';
export type { ContactView, PasswordCheck } from './contacts.ts';
export { ApiKeyService, ContactService, HealthService, InviteService, PasswordRules, ProfileService, SignupService, UserService };

/** The core's public surface as commands, HTTP and the CLI see it. */
export interface CoreDeps {
  db: Db;
  jellyfin: JellyfinClient;
  config: Config;
  log: Logger;
  clock: Clock;
  /** Timing of the sign-up undo (tests shorten it); defaults in signup-undo.ts. */
  undo?: Partial<UndoOptions>;
  /** The running chat adapters' direct sends; the app shares one registry with the adapters. */
  deliveries?: ChatDeliveries;
  /** How a Jellyfin password is proven (the account-link page); defaults to a login as that user. */
  passwordCheck?: PasswordCheck;
  /** The outbox every notice goes through; the app shares it with the outbox worker (wake on enqueue). */
  outbox?: Outbox;
}

/**
 * What surfaces call: each member is the public surface of its class (typed from the class, so a
 * surface's test double is checked against the real signatures). The classes have more public
 * methods that only the core uses; they stay off this surface.
 */
export interface Services {
  invites: Pick<InviteService, 'create' | 'list' | 'show' | 'revoke' | 'requireUsable'>;
  profiles: Pick<ProfileService, 'capture' | 'list' | 'show' | 'setDefault' | 'rename' | 'remove'>;
  signup: Pick<SignupService, 'signup' | 'resumeUndos'>;
  users: Pick<UserService, 'list' | 'info'>;
  apiKeys: Pick<ApiKeyService, 'create' | 'list' | 'revoke' | 'verify'>;
  contacts: Pick<
    ContactService,
    | 'createPin'
    | 'pinStatus'
    | 'verifyPin'
    | 'sendPinDm'
    | 'see'
    | 'view'
    | 'me'
    | 'setLanguage'
    | 'setNotify'
    | 'unlink'
    | 'linkAccount'
    | 'sendToHandle'
    | 'sendToAccount'
    | 'createAccountLinkToken'
    | 'accountLinkTokenStatus'
    | 'redeemAccountLinkToken'
  >;
  health: Pick<HealthService, 'check'>;
  /** Outgoing messages: `outbox status` and `outbox retry`. */
  outbox: Pick<Outbox, 'status' | 'retry'>;
  /** The message catalogue (src/messages); optional so surfaces' test doubles need not build one. */
  messages?: Pick<MessageCatalogue, 'render' | 'templateFor' | 'pickLanguage' | 'languages' | 'has' | 'problems'>;
  /** The opt-out links of announcement emails. */
  unsubscribe: Pick<UnsubscribeLinks, 'url' | 'accountOf' | 'redeem'>;
  /** `announce` and its saved texts. */
  announcements: Pick<AnnouncementService, 'preview' | 'send' | 'save' | 'list' | 'get' | 'remove'>;
  /** Periodic work the app schedules (idempotent: several processes may run it). */
  jobs?: { inviteExpiry: Pick<InviteExpiryNotices, 'sweep'>; undeliverable: Pick<UndeliverableMessages, 'handle'> };
  /** The Jellyfin address users are sent to after signing up. */
  jellyfinPublicUrl: string;
}

/** The composition of the core: every service, wired by constructor. */
export function createServices(deps: CoreDeps): Services {
  const { db, jellyfin, config, clock } = deps;
  const log = deps.log.child({ module: 'core' });
  const profiles = new ProfileService(db, jellyfin, clock);
  const invites = new InviteService(db, config, clock, profiles);
  const passwordRules = new PasswordRules(config.password_rules);
  const users = new UserService(db, jellyfin);
  const deliveries = deps.deliveries ?? new ChatDeliveries();
  const passwordCheck = deps.passwordCheck ?? jellyfinPasswordCheck(jellyfin);
  const outbox = deps.outbox ?? new Outbox(db, clock);
  const messages = new MessageCatalogue({ templatesDir: config.messages.templates_dir, defaultLanguage: config.messages.language, timezone: config.messages.timezone, log });
  const notices = new NoticeService({ config, outbox, catalogue: messages, log });
  const contacts = new ContactService({ db, config, clock, invites, users, deliveries, passwordCheck, log, notices, catalogue: messages });
  const unsubscribe = new UnsubscribeLinks(db, config.server.public_url, clock);
  const unsubscribeUrl = async (id: string) => (config.email ? unsubscribe.url(id) : undefined);
  return {
    invites,
    profiles,
    signup: new SignupService({ db, jellyfin, clock, log, invites, profiles, passwords: passwordRules, contacts: contacts.pins, notices, undo: deps.undo }),
    users,
    contacts,
    apiKeys: new ApiKeyService(db, clock),
    health: new HealthService(db, freshServerInfo(jellyfin)),
    outbox,
    messages,
    unsubscribe,
    announcements: new AnnouncementService(db, new UserSelection(db, users, clock), notices, clock, unsubscribeUrl),
    jobs: { inviteExpiry: new InviteExpiryNotices(db, notices, clock), undeliverable: new UndeliverableMessages(db, outbox, notices, config.email !== undefined) },
    jellyfinPublicUrl: config.jellyfin.public_url,
  };
}
