import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { createRepositories, inTransaction, type InviteWithProfile, type Repositories } from '../db/repositories/index.ts';
import type { SignupRow } from '../db/tables/signups.table.ts';
import type { JellyfinClient } from '../jellyfin/client.ts';
import { JellyfinError } from '../jellyfin/errors.ts';
import { applyProfileConfiguration, applyProfilePolicy } from '../jellyfin/policy.ts';
import type { JfUser } from '../jellyfin/types.ts';
import type { Logger } from '../log.ts';
import type { Clock } from './clock.ts';
import type { ContactClaim, ContactPins } from './contact-pins.ts';
import { newIdentityRow } from './contacts.ts';
import { addDuration, parseDuration } from './duration.ts';
import { DomainError, isDomainError } from './errors.ts';
import { describeError, fromJellyfin, fromStorage, jellyfinUnavailable, withCause } from './failures.ts';
import { inviteInvalid, type InviteService } from './invites.ts';
import type { PasswordRules } from './password-rules.ts';
import type { ProfileService, ProfileTemplate } from './profiles.ts';
import { DEFAULT_UNDO_OPTIONS, SignupUndo, type SagaProgress, type UndoOptions } from './signup-undo.ts';
import type { NoticeService } from './notices.ts';
import type { SignupInput, SignupResult } from './views.ts';

export const SIGNUP_JELLYFIN_MESSAGE =
  'The media server did not answer, so your account was not created. Your invite still works: please try again in a minute.';
export const SIGNUP_STORAGE_MESSAGE =
  'Doorman could not save your account, so it was not created. Your invite still works: please try again in a minute.';

export interface SignupDeps {
  db: Db;
  jellyfin: JellyfinClient;
  clock: Clock;
  log: Logger;
  invites: InviteService;
  profiles: ProfileService;
  passwords: PasswordRules;
  /** The chat-contact checks; without it (older wiring) contacts in the input are ignored. */
  contacts?: ContactPins;
  /** The welcome and admin notices, queued in the transaction that records the account. */
  notices?: Pick<NoticeService, 'signedUp'>;
  undo?: Partial<UndoOptions>;
}

/**
 * Sign-up as a saga (design.md): every check first, then reserve the invite use together with a
 * journal row, create the Jellyfin user, apply the profile, record the account. A failure after the
 * reservation is compensated by SignupUndo; the person gets a plain, retryable refusal.
 */
export class SignupService {
  private readonly repos: Repositories;
  private readonly undo: SignupUndo;

  constructor(private readonly deps: SignupDeps) {
    this.repos = createRepositories(deps.db);
    this.undo = new SignupUndo(deps.db, deps.jellyfin, deps.clock, deps.log, { ...DEFAULT_UNDO_OPTIONS, ...deps.undo }, (code) =>
      deps.invites.forget(code),
    );
  }

  async signup(code: string, input: SignupInput): Promise<SignupResult> {
    const username = typeof input.username === 'string' ? input.username.trim() : '';
    const password = typeof input.password === 'string' ? input.password : '';
    await this.finishEarlierAttempt(username);
    const invite = await fromStorage(() => this.deps.invites.requireUsableRow(code), SIGNUP_STORAGE_MESSAGE);
    await this.checkUsernameRules(username);
    this.deps.passwords.check(password);
    if (input.password_confirm !== undefined && input.password_confirm !== password) {
      throw new DomainError('validation', 'The two passwords are not the same.', { field: 'password_confirm' });
    }
    const email = checkEmail(input.email);
    const claims = await this.checkContacts(invite.code, input);
    // The "username free" check is the one createUser makes on a fresh user list, right before
    // POST /Users/New: a second list here would cost a Jellyfin call per sign-up and prove less.
    const profile = await fromStorage(() => this.deps.profiles.templateFor(invite.profile_id), SIGNUP_STORAGE_MESSAGE);
    const journal = await this.reserve(invite, username);
    const result = await this.run(journal, invite, profile, password, { claims, email });
    // After the saga: a failed member role must never undo the account (announceLinks never rejects).
    await this.deps.contacts?.announceLinks(claims, result.user.name);
    return result;
  }

  private async checkContacts(code: string, input: SignupInput): Promise<ContactClaim[]> {
    const contacts = this.deps.contacts;
    if (!contacts) return [];
    return fromStorage(() => contacts.checkForSignup(code, input.contacts), SIGNUP_STORAGE_MESSAGE);
  }

  /** Retries recorded undos (and undoes sign-ups a crash interrupted); returns how many finished. */
  async resumeUndos(): Promise<number> {
    return this.undo.resumeUndos();
  }

  private async finishEarlierAttempt(username: string): Promise<void> {
    if (username === '') return;
    const finished = await fromStorage(() => this.undo.finishPendingFor(username), SIGNUP_STORAGE_MESSAGE);
    if (!finished) throw jellyfinUnavailable(SIGNUP_JELLYFIN_MESSAGE);
  }

  private async checkUsernameRules(username: string): Promise<void> {
    // The rules depend on the server's version; the client remembers it after the first call.
    await fromJellyfin(() => this.deps.jellyfin.serverInfo(), SIGNUP_JELLYFIN_MESSAGE);
    const problem = this.deps.jellyfin.usernameProblem(username);
    if (problem) throw new DomainError('username_invalid', problem, { field: 'username' });
  }

  /** Takes the use and writes the journal row in one transaction: both or neither. */
  private async reserve(invite: InviteWithProfile, username: string): Promise<SignupRow> {
    const now = this.deps.clock.now().toISOString();
    const row: SignupRow = {
      id: randomUUID(),
      invite_code: invite.code,
      username,
      state: 'reserved',
      jellyfin_user_id: null,
      error: null,
      attempts: 0,
      next_attempt_at: null,
      created_at: now,
      updated_at: now,
    };
    await fromStorage(
      () =>
        inTransaction(this.deps.db, async (repos) => {
          if ((await repos.invites.reserveUse(invite.code, now)) === 0) throw inviteInvalid();
          await repos.signups.insert(row);
        }),
      SIGNUP_STORAGE_MESSAGE,
    );
    this.deps.invites.forget(invite.code);
    return row;
  }

  private async run(journal: SignupRow, invite: InviteWithProfile, profile: ProfileTemplate | null, password: string, extras: SignupExtras): Promise<SignupResult> {
    const progress: SagaProgress = { stage: 'reserved', userId: null, createMayHaveRun: false, createAnswered: false };
    try {
      await this.markJournal(journal.id, { state: 'creating' });
      progress.stage = 'creating';
      const user = await this.create(journal.username, password, progress);
      progress.stage = 'created';
      progress.userId = user.Id;
      await allSettledOrThrow([
        this.markJournal(journal.id, { state: 'created', jellyfin_user_id: user.Id }),
        fromJellyfin(() => this.applyProfile(user, profile), SIGNUP_JELLYFIN_MESSAGE),
      ]);
      return await this.record(journal, invite, profile, user, extras);
    } catch (error) {
      this.deps.log.warn({ signup: journal.id, stage: progress.stage, err: describeError(error) }, 'sign-up failed; undoing it');
      await this.undo.compensate(journal, progress, error);
      // Every step maps its failures to a DomainError; anything else is a bug, for the boundary to log.
      throw error;
    }
  }

  /**
   * createUser's own refusals (username_taken …) and failures of its list or login made nothing.
   * Anything else — no answer, an error answer, an answer that did not parse — may have made the
   * user, so the undo looks for it by name.
   */
  private async create(username: string, password: string, progress: SagaProgress): Promise<JfUser> {
    try {
      return await this.deps.jellyfin.createUser(username, password);
    } catch (error) {
      progress.createMayHaveRun = mayHaveCreated(error);
      progress.createAnswered = error instanceof JellyfinError && error.info.status !== undefined;
      throw isDomainError(error) ? error : withCause(jellyfinUnavailable(SIGNUP_JELLYFIN_MESSAGE), error);
    }
  }

  /** The UserDto that create returned is the "read" of the read-modify-write: no second GET. */
  private async applyProfile(user: JfUser, profile: ProfileTemplate | null): Promise<void> {
    if (!profile) return;
    const { jellyfin } = this.deps;
    const userRecord = async (): Promise<void> => {
      // An invite never mints an administrator, whoever the profile was captured from.
      await jellyfin.setPolicy(user.Id, { ...applyProfilePolicy(user.Policy ?? {}, profile.policy), IsAdministrator: false });
      if (profile.configuration) {
        await jellyfin.setConfiguration(user.Id, applyProfileConfiguration(user.Configuration ?? {}, profile.configuration));
      }
    };
    // Policy and configuration both rewrite Jellyfin's user record, so they go one after the other;
    // display preferences are a record of their own and go alongside.
    const steps = [userRecord()];
    if (profile.displayPrefs) steps.push(jellyfin.setDisplayPreferences(user.Id, profile.displayPrefs));
    await allSettledOrThrow(steps);
  }

  /** The account, its redemption, its chat links (PINs consumed) and the journal's `done`, in one transaction. */
  private async record(journal: SignupRow, invite: InviteWithProfile, profile: ProfileTemplate | null, user: JfUser, { claims, email }: SignupExtras): Promise<SignupResult> {
    const now = this.deps.clock.now();
    const expiry = invite.account_expiry ? parseDuration(invite.account_expiry) : null;
    const expiresAt = expiry ? addDuration(now, expiry).toISOString() : null;
    const at = now.toISOString();
    await fromStorage(
      () =>
        inTransaction(this.deps.db, async (repos, trx) => {
          await repos.accounts.insert({
            jellyfin_user_id: user.Id,
            username: user.Name,
            invite_code: invite.code,
            profile_id: profile?.id ?? null,
            label: invite.user_label,
            expires_at: expiresAt,
            email,
            created_at: at,
            updated_at: at,
          });
          await repos.redemptions.insert({ id: randomUUID(), invite_code: invite.code, jellyfin_user_id: user.Id, username: user.Name, redeemed_at: at });
          for (const claim of claims) {
            // Two sign-ups racing with one PIN: the second throws here and the saga undoes its user.
            if ((await repos.contactPins.consume(claim.pinId, at)) === 0) throw contactUsedMeanwhile(claim.platform);
            await repos.chatIdentities.insertIfMissing(newIdentityRow(claim.platform, claim.userId, claim.handle, at));
            await repos.chatIdentities.setLink(claim.platform, claim.userId, user.Id, at);
          }
          await repos.signups.update(journal.id, { state: 'done', error: null, updated_at: at });
          const signedUp = { jellyfinUserId: user.Id, username: user.Name, expiresAt, email, profile: profile?.name ?? null };
          await this.deps.notices?.signedUp(trx, { ...signedUp, invite: { code: invite.code, label: invite.label } });
        }),
      SIGNUP_STORAGE_MESSAGE,
    );
    return { user: { id: user.Id, name: user.Name, expires_at: expiresAt } };
  }

  private async markJournal(id: string, changes: { state: 'creating' | 'created'; jellyfin_user_id?: string }): Promise<void> {
    const updated_at = this.deps.clock.now().toISOString();
    await fromStorage(() => this.repos.signups.update(id, { ...changes, updated_at }), SIGNUP_STORAGE_MESSAGE);
  }
}

/**
 * Runs steps side by side but lets every one of them finish before reporting the first failure, so
 * the undo that follows never races a request still in flight.
 */
async function allSettledOrThrow(steps: Promise<unknown>[]): Promise<void> {
  const results = await Promise.allSettled(steps);
  const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) throw failure.reason;
}

/** What a sign-up carries besides the username and password. */
interface SignupExtras {
  claims: ContactClaim[];
  email: string | null;
}

/** An optional address for notices: empty is none; anything else must look like one. */
function checkEmail(raw: string | undefined): string | null {
  const email = typeof raw === 'string' ? raw.trim() : '';
  if (email === '') return null;
  if (email.length > 254 || !/^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/.test(email)) {
    throw new DomainError('validation', 'That email address does not look right: check it, or leave the field empty.', { field: 'email' });
  }
  return email;
}

function contactUsedMeanwhile(platform: string): DomainError {
  return new DomainError('contact_unverified', `That ${platform} PIN was just used for another sign-up. Ask for a new PIN and try again.`, { field: `contacts.${platform}` });
}

function mayHaveCreated(error: unknown): boolean {
  if (isDomainError(error)) return false;
  if (!(error instanceof JellyfinError) || error.info.path === undefined) return true;
  return /\/users\/new$/i.test(error.info.path);
}
