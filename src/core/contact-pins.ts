import { randomUUID } from 'node:crypto';
import type { ChatDeliveries } from '../chat/delivery.ts';
import { normalisePin } from '../chat/text.ts';
import { PLATFORM_NAMES, type Platform } from '../chat/types.ts';
import type { Config } from '../config/schema.ts';
import { isUniqueViolation, type Repositories } from '../db/repositories/index.ts';
import type { ContactPinRow } from '../db/tables/contact-pins.table.ts';
import type { Clock } from './clock.ts';
import { contactRule, handleKey, newIdentityRow, sendDirect, type IdentityRef } from './contact-rules.ts';
import { withCause } from './failures.ts';
import { DomainError } from './errors.ts';
import type { InviteService } from './invites.ts';
import type { LinkFollowUp } from './link-follow-up.ts';
import { AttemptLimiter, newPin, PIN_SIGNUP_WINDOW_MS, PIN_TTL_MS, sameHash, secretHash } from './pins.ts';

export interface PinInput {
  inviteCode: string;
  platform: Platform;
}

/** A proven contact the sign-up will link to the new account. */
export interface ContactClaim {
  platform: Platform;
  pinId: string;
  userId: string;
  handle: string | null;
}

export const PIN_INVALID_MESSAGE = 'That PIN is not valid: it may be mistyped, used or older than 10 minutes. Ask the sign-up page for a new one.';
const PIN_NOT_FOUND = 'This PIN is unknown or has expired. Ask for a new one.';

/**
 * PINs that prove a chat account during sign-up, in both directions. Kept in the database (a
 * restart loses nothing), stored hashed, single use, and guarded by AttemptLimiter.
 */
export class ContactPins {
  private readonly limiter: AttemptLimiter;

  constructor(
    private readonly repos: Repositories,
    private readonly config: Pick<Config, 'contacts'>,
    private readonly clock: Clock,
    private readonly invites: InviteService,
    private readonly deliveries: ChatDeliveries,
    /** The platform's step after a sign-up linked its contacts (Discord's member role). */
    private readonly followUp?: LinkFollowUp,
  ) {
    this.limiter = new AttemptLimiter(repos, clock);
  }

  /** Page → bot: a PIN for the page to show; the person sends it to the bot. */
  async createPin(input: PinInput): Promise<{ pin: string; expires_at: string }> {
    await this.requireEnabled(input);
    const { pin, row } = await this.insertPin(input, 'page_to_bot', null, null);
    return { pin, expires_at: row.expires_at };
  }

  /** What the page polls: verified once the bot got the PIN (or, bot → page, once typed correctly). */
  async pinStatus(input: PinInput & { pin: string; ip?: string }): Promise<{ verified: boolean }> {
    const scope = input.ip === undefined ? null : `page:${input.inviteCode}:${input.ip}`;
    if (scope) await this.limiter.refuseWhenExhausted(scope);
    const row = await this.findPin(input.pin);
    const now = this.clock.now();
    if (!row || row.invite_code !== input.inviteCode || row.platform !== input.platform || !this.stillUsable(row, now)) {
      if (scope) await this.limiter.record(scope);
      throw new DomainError('not_found', PIN_NOT_FOUND);
    }
    return { verified: row.direction === 'bot_to_page' || row.verified_at !== null };
  }

  /** Chat side of page → bot: `/start PIN`, `/link PIN` or a bare PIN in a DM. */
  async verifyPin(identity: IdentityRef, pinText: string): Promise<{ invite_code: string }> {
    const scope = `chat:${identity.platform}:${identity.userId}`;
    await this.limiter.refuseWhenExhausted(scope);
    const row = await this.findPin(pinText);
    const now = this.clock.now();
    const fresh = row && row.direction === 'page_to_bot' && row.platform === identity.platform && row.consumed_at === null;
    if (!row || !fresh || (row.verified_at === null && row.expires_at <= now.toISOString())) {
      await this.limiter.record(scope);
      throw new DomainError('pin_invalid', PIN_INVALID_MESSAGE);
    }
    if (row.verified_at !== null) {
      if (row.user_id === identity.userId) return { invite_code: row.invite_code };
      await this.limiter.record(scope);
      throw new DomainError('pin_invalid', PIN_INVALID_MESSAGE);
    }
    await this.refuseTaken(identity);
    await this.repos.contactPins.markVerified(row.id, identity.userId, identity.handle ?? null, now.toISOString());
    return { invite_code: row.invite_code };
  }

  /** Bot → page: DMs a PIN to a handle that has written to the bot; the person types it on the page. */
  async sendPinDm(input: PinInput & { handle: string; ip?: string }): Promise<{ sent: true; expires_at: string }> {
    await this.requireEnabled(input);
    const scope = `dm:${input.inviteCode}:${input.ip ?? '-'}`;
    await this.limiter.refuseWhenExhausted(scope, 'Too many PIN messages asked for. Wait ten minutes and try again.');
    const identity = await this.findOrLookUp(input.platform, input.handle);
    const delivery = this.deliveries.get(input.platform);
    if (!identity) throw handleUnknown(input.platform, input.handle, delivery?.botHandle);
    await this.refuseTaken({ platform: input.platform, userId: identity.user_id });
    await this.limiter.record(scope);
    const { pin, row } = await this.insertPin(input, 'bot_to_page', identity.user_id, identity.handle);
    await sendDirect(this.deliveries, input.platform, identity.user_id, {
      text: `Your Doorman PIN is ${pin}\nType it on the sign-up page within 10 minutes. If you did not ask for it, ignore this message.`,
      secret: true,
    });
    return { sent: true, expires_at: row.expires_at };
  }

  /** A handle the bot has seen, else the platform's own look-up (recorded as a sighting when found). */
  async findOrLookUp(platform: Platform, handle: string): Promise<{ user_id: string; handle: string | null } | undefined> {
    const known = await this.repos.chatIdentities.findByHandle(platform, handleKey(handle));
    if (known) return known;
    const lookUp = this.deliveries.get(platform)?.lookupHandle;
    if (!lookUp) return undefined;
    const delivery = this.deliveries.get(platform);
    const found = await lookUp.call(delivery, handle.trim()).catch((error: unknown) => {
      throw withCause(new DomainError('chat_unavailable', `${PLATFORM_NAMES[platform]} did not answer when Doorman looked for ${handle.trim()}. Please try again in a minute.`, { retryable: true }), error);
    });
    if (!found) return undefined;
    const now = this.clock.now().toISOString();
    await this.repos.chatIdentities.insertIfMissing(newIdentityRow(platform, found.userId, found.handle, now));
    return (await this.repos.chatIdentities.find(platform, found.userId)) ?? undefined;
  }

  /**
   * The sign-up's contact checks, in order per platform: required → present → proven → unique.
   * Returns the claims the sign-up links once the account exists.
   */
  async checkForSignup(inviteCode: string, contacts: Partial<Record<Platform, { pin?: string; handle?: string }>> | undefined): Promise<ContactClaim[]> {
    const claims: ContactClaim[] = [];
    for (const platform of Object.keys(PLATFORM_NAMES) as Platform[]) {
      const rule = contactRule(this.config, platform);
      const given = contacts?.[platform];
      if (rule.mode === 'off') continue;
      if (!given?.pin) {
        if (rule.mode === 'required') throw new DomainError('contact_required', `Link your ${PLATFORM_NAMES[platform]} account first: this invite needs it.`, { field: `contacts.${platform}` });
        continue;
      }
      const row = await this.findPin(given.pin);
      const now = this.clock.now();
      const proven = row && row.invite_code === inviteCode && row.platform === platform && row.user_id !== null && this.stillUsable(row, now);
      const sameHandle = !given.handle || !row?.handle || handleKey(given.handle) === handleKey(row.handle);
      if (!row || !proven || !sameHandle || (row.direction === 'page_to_bot' && row.verified_at === null)) {
        throw new DomainError('contact_unverified', `Your ${PLATFORM_NAMES[platform]} account is not verified yet: send the PIN to the bot (or type the PIN it sent you) and try again.`, { field: `contacts.${platform}` });
      }
      await this.refuseTaken({ platform, userId: row.user_id! });
      claims.push({ platform, pinId: row.id, userId: row.user_id!, handle: row.handle });
    }
    return claims;
  }

  /** After the sign-up's transaction linked the claims: the platform's step (never rejects). */
  async announceLinks(claims: readonly ContactClaim[], username: string): Promise<void> {
    await this.followUp?.linked(claims.map((claim) => ({ platform: claim.platform, userId: claim.userId, handle: claim.handle, username })));
  }

  /** With contacts.<platform>.unique, a chat account already linked to an account cannot prove another. */
  async refuseTaken(identity: { platform: Platform; userId: string }): Promise<void> {
    if (!contactRule(this.config, identity.platform).unique) return;
    const known = await this.repos.chatIdentities.find(identity.platform, identity.userId);
    if (known?.jellyfin_user_id) {
      const account = await this.repos.accounts.findById(known.jellyfin_user_id);
      const name = account ? ` (${account.username})` : '';
      throw new DomainError('contact_taken', `This ${PLATFORM_NAMES[identity.platform]} account is already linked to a Jellyfin account${name}. Unlink it there first (send unlink to the bot).`);
    }
  }

  private async requireEnabled(input: PinInput): Promise<void> {
    await this.invites.requireUsableRow(input.inviteCode);
    if (contactRule(this.config, input.platform).mode === 'off') {
      throw new DomainError('not_found', `${PLATFORM_NAMES[input.platform]} linking is not enabled here.`);
    }
  }

  private stillUsable(row: ContactPinRow, now: Date): boolean {
    if (row.consumed_at !== null) return false;
    const proven = row.direction === 'bot_to_page' ? row.created_at : row.verified_at;
    if (proven === null) return row.expires_at > now.toISOString();
    return new Date(proven).getTime() + PIN_SIGNUP_WINDOW_MS > now.getTime();
  }

  private async findPin(pinText: string): Promise<ContactPinRow | undefined> {
    const pin = normalisePin(typeof pinText === 'string' ? pinText : '');
    if (!pin) return undefined;
    const hash = secretHash(pin);
    const row = await this.repos.contactPins.findByHash(hash);
    return row && sameHash(row.pin_hash, hash) ? row : undefined;
  }

  private async insertPin(input: PinInput, direction: ContactPinRow['direction'], userId: string | null, handle: string | null) {
    const now = this.clock.now();
    await this.repos.contactPins.deleteCreatedBefore(new Date(now.getTime() - PIN_SIGNUP_WINDOW_MS - PIN_TTL_MS).toISOString());
    for (let attempt = 1; ; attempt++) {
      const pin = newPin();
      const row: ContactPinRow = {
        id: randomUUID(), pin_hash: secretHash(pin), platform: input.platform, invite_code: input.inviteCode, direction,
        user_id: userId, handle, created_at: now.toISOString(), expires_at: new Date(now.getTime() + PIN_TTL_MS).toISOString(),
        verified_at: null, consumed_at: null,
      };
      try {
        await this.repos.contactPins.insert(row);
        return { pin, row };
      } catch (error) {
        // A clash with a live PIN is rare (31^8 codes); retry with a fresh one a few times.
        if (!isUniqueViolation(error) || attempt >= 5) throw error;
      }
    }
  }
}

export function handleUnknown(platform: Platform, handle: string, botHandle: string | undefined): DomainError {
  const bot = botHandle ? `@${botHandle.replace(/^@/, '')}` : 'the bot';
  if (platform === 'discord') {
    // Discord members are looked up in the server, so "write to the bot first" is not the fix here.
    return new DomainError('handle_unknown', `Doorman found no Discord user ${handle.trim() || 'with that name'}: type the username exactly as Discord shows it under your name (not the display name), or your user id, and make sure you have joined the server.`, { field: 'handle' });
  }
  if (platform === 'matrix') {
    // Any well-formed Matrix id can be messaged, so only a malformed one ends up here.
    return new DomainError('handle_unknown', `${handle.trim() || 'That'} is not a Matrix ID: type your full Matrix ID, like @alice:example.org.`, { field: 'handle' });
  }
  return new DomainError('handle_unknown', `Doorman does not know ${handle.trim() || 'that handle'} on ${PLATFORM_NAMES[platform]} yet: send /start to ${bot} first, then try again.`, { field: 'handle' });
}
