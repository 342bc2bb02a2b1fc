import { randomBytes } from 'node:crypto';
import type { Config } from '../config/schema.ts';
import type { Db } from '../db/database.ts';
import { createRepositories, isUniqueViolation, type InviteWithProfile, type Repositories } from '../db/repositories/index.ts';
import type { Clock } from './clock.ts';
import { addDuration, DURATION_HINT, isZero, parseDuration } from './duration.ts';
import { DomainError } from './errors.ts';
import type { ProfileService } from './profiles.ts';
import type { InviteStatus, InviteView, RedemptionView } from './views.ts';

export interface CreateInviteInput {
  uses?: number;
  valid?: string;
  profile?: string;
  expiry?: string;
  label?: string;
  user_label?: string;
  created_by?: string;
}

/** One message for every unusable code, so a guesser learns nothing about which codes exist. */
export const INVITE_INVALID_MESSAGE =
  'This invite link is not valid: it may have expired or been used up. Ask whoever sent it for a new one.';

export function inviteInvalid(): DomainError {
  return new DomainError('invite_invalid', INVITE_INVALID_MESSAGE);
}

/** 16 random bytes = 128 bits, written as 22 URL-safe characters. */
export function newInviteCode(): string {
  return randomBytes(16).toString('base64url');
}

export function inviteStatus(row: InviteWithProfile, now: Date): InviteStatus {
  if (row.revoked_at) return 'revoked';
  if (row.expires_at <= now.toISOString()) return 'expired';
  if (row.uses_total > 0 && row.uses_count >= row.uses_total) return 'used_up';
  return 'active';
}

/**
 * How long a page view may reuse an invite it read. Opening the sign-up page is by far the most
 * frequent request and a database read per view dominated its cost; a display that is at most a
 * second old is harmless, because the sign-up itself always re-reads and reserves atomically.
 */
const DISPLAY_CACHE_MS = 1_000;
const DISPLAY_CACHE_LIMIT = 1_000;

export class InviteService {
  private readonly repos: Repositories;
  private readonly recentlyRead = new Map<string, { row: InviteWithProfile; readAt: number }>();

  constructor(
    private readonly db: Db,
    private readonly config: Pick<Config, 'server' | 'invites'>,
    private readonly clock: Clock,
    private readonly profiles: ProfileService,
  ) {
    this.repos = createRepositories(db);
  }

  async create(input: CreateInviteInput): Promise<InviteView> {
    const uses = input.uses ?? this.config.invites.default_uses;
    if (!Number.isInteger(uses) || uses < 0) throw new DomainError('validation', 'uses must be a whole number, 0 for unlimited.', { field: 'uses' });
    const valid = parseDuration(input.valid ?? this.config.invites.default_valid);
    if (!valid || isZero(valid)) throw new DomainError('validation', `valid must be ${DURATION_HINT}.`, { field: 'valid' });
    const expiry = optionalText(input.expiry);
    if (expiry !== null && !parseDuration(expiry)) throw new DomainError('validation', `expiry must be ${DURATION_HINT}.`, { field: 'expiry' });
    const profileId = input.profile === undefined || input.profile.trim() === '' ? null : (await this.profiles.requireByName(input.profile)).id;
    const now = this.clock.now();
    const row = {
      label: optionalText(input.label),
      user_label: optionalText(input.user_label),
      profile_id: profileId,
      uses_total: uses,
      uses_count: 0,
      expires_at: addDuration(now, valid).toISOString(),
      account_expiry: expiry === null ? null : expiry.toLowerCase(),
      created_by: optionalText(input.created_by),
      created_at: now.toISOString(),
      revoked_at: null,
    };
    const code = await this.insertWithFreshCode(row);
    return this.show(code);
  }

  async list(): Promise<InviteView[]> {
    const now = this.clock.now();
    return (await this.repos.invites.listNewestFirst()).map((row) => this.toView(row, now));
  }

  async show(code: string): Promise<InviteView & { redemptions: RedemptionView[] }> {
    const row = await this.requireExisting(code);
    const redemptions = await this.repos.redemptions.listByInvite(row.code);
    return {
      ...this.toView(row, this.clock.now()),
      redemptions: redemptions.map((r) => ({ username: r.username, user_id: r.jellyfin_user_id, redeemed_at: r.redeemed_at })),
    };
  }

  async revoke(code: string): Promise<InviteView> {
    const row = await this.requireExisting(code);
    await this.repos.invites.revoke(row.code, this.clock.now().toISOString());
    this.forget(row.code);
    return this.toView(await this.requireExisting(code), this.clock.now());
  }

  /** Throws the same invite_invalid for unknown, expired, used-up and revoked codes. */
  /** For display (the sign-up page): may answer from a read up to a second old. */
  async requireUsable(code: string): Promise<InviteView> {
    const row = await this.findRowForDisplay(code);
    const now = this.clock.now();
    if (!row || inviteStatus(row, now) !== 'active') throw inviteInvalid();
    return this.toView(row, now);
  }

  /** The raw row of a usable invite, for the sign-up saga. */
  async requireUsableRow(code: string): Promise<InviteWithProfile> {
    const row = await this.findRow(code);
    if (!row || inviteStatus(row, this.clock.now()) !== 'active') throw inviteInvalid();
    return row;
  }

  link(code: string): string {
    return `${this.config.server.public_url}/invite/${code}`;
  }

  private async findRow(code: string): Promise<InviteWithProfile | undefined> {
    const trimmed = typeof code === 'string' ? code.trim() : '';
    if (trimmed === '' || trimmed.length > 200) return undefined;
    return this.repos.invites.findByCode(trimmed);
  }

  /** Drops what page views remember of an invite: called whenever this process changes it. */
  forget(code: string): void {
    this.recentlyRead.delete(code);
  }

  private async findRowForDisplay(code: string): Promise<InviteWithProfile | undefined> {
    const now = this.clock.now().getTime();
    const recent = this.recentlyRead.get(code);
    if (recent && now >= recent.readAt && now - recent.readAt < DISPLAY_CACHE_MS) return recent.row;
    const row = await this.findRow(code);
    if (!row) {
      this.recentlyRead.delete(code);
      return undefined;
    }
    if (this.recentlyRead.size >= DISPLAY_CACHE_LIMIT) this.recentlyRead.clear();
    this.recentlyRead.set(code, { row, readAt: now });
    return row;
  }

  private async requireExisting(code: string): Promise<InviteWithProfile> {
    const row = await this.findRow(code);
    if (!row) throw new DomainError('not_found', `No invite has the code ${JSON.stringify(code)}. \`invite list\` shows the codes.`);
    return row;
  }

  private async insertWithFreshCode(row: Omit<InviteWithProfile, 'code' | 'profile_name'>): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      const code = newInviteCode();
      try {
        await this.repos.invites.insert({ ...row, code });
        return code;
      } catch (error) {
        // A collision of 128 random bits means a broken random source; never loop forever on it.
        if (!isUniqueViolation(error) || attempt >= 3) throw error;
      }
    }
  }

  private toView(row: InviteWithProfile, now: Date): InviteView {
    return {
      code: row.code,
      link: this.link(row.code),
      status: inviteStatus(row, now),
      label: row.label,
      user_label: row.user_label,
      profile: row.profile_name,
      uses_total: row.uses_total,
      uses_count: row.uses_count,
      uses_left: row.uses_total === 0 ? null : Math.max(0, row.uses_total - row.uses_count),
      expires_at: row.expires_at,
      account_expiry: row.account_expiry,
      created_by: row.created_by,
      created_at: row.created_at,
      revoked_at: row.revoked_at,
    };
  }
}

function optionalText(value: string | undefined | null): string | null {
  if (value === undefined || value === null) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}
