import type { Platform } from '../../src/chat/types.ts';
import type { Config } from '../../src/config/schema.ts';
import { contactRule } from '../../src/core/contact-rules.ts';
import { DomainError } from '../../src/core/errors.ts';
import type { Services } from '../../src/core/services.ts';
import type { InviteView, SignupInput } from '../../src/core/views.ts';

/**
 * A typed stand-in for services.contacts as the HTTP side uses it, behaving as the core's contract
 * says (src/chat/README.md): PINs per invite and platform, 404 for unknown ones, bot → page sends
 * only to handles that wrote to the bot, rate limits per invite and address, link tokens.
 */

export interface FakePin {
  pin: string;
  code: string;
  platform: Platform;
  direction: 'page_to_bot' | 'bot_to_page';
  /** The chat account that proved it (page → bot: set by `verify`; bot → page: the handle's). */
  userId: string | null;
  handle: string | null;
  verified: boolean;
  consumed: boolean;
}

export interface FakeContactState {
  pins: Map<string, FakePin>;
  /** Handles (lower case, no @) that sent the bot /start, with their user ids. */
  knownHandles: Map<string, string>;
  /** User ids that blocked the bot: a DM to them is dm_closed. */
  blocked: Set<string>;
  /** What the fake bot was asked to DM. */
  dms: { platform: Platform; userId: string; pin: string }[];
  /** Every call with its input, in order (tests assert the client address was passed on). */
  calls: { method: string; input: unknown }[];
  /** Wrong PIN lookups per `invite ip`. */
  misses: Map<string, number>;
  /** Chat accounts linked to a Jellyfin account: `platform:userId` → account name. */
  linked: Map<string, string>;
  /** Account-link tokens: token → the chat account that asked. */
  linkTokens: Map<string, { platform: Platform; userId: string; handle: string | null; used: boolean }>;
  /** Jellyfin sign-ins the link page accepts: name → password. */
  passwords: Map<string, string>;
}

export const FAKE_PIN_NOT_FOUND = 'This PIN is unknown or has expired. Ask for a new one.';

export function initialContactState(): FakeContactState {
  return {
    pins: new Map(),
    knownHandles: new Map([['alice', '5001']]),
    blocked: new Set(),
    dms: [],
    calls: [],
    misses: new Map(),
    linked: new Map(),
    linkTokens: new Map([['link-token-1', { platform: 'telegram', userId: '5001', handle: '@alice', used: false }]]),
    passwords: new Map([['Taken', 'Jellyfin-pass1']]),
  };
}

const handleKey = (handle: string) => handle.trim().replace(/^@/, '').toLowerCase();

function requireEnabled(config: Config, invites: Services['invites'], code: string, platform: Platform): Promise<InviteView> {
  if (contactRule(config, platform).mode === 'off') return Promise.reject(new DomainError('not_found', 'Telegram linking is not enabled here.'));
  return invites.requireUsable(code);
}

function refuseTaken(state: FakeContactState, platform: Platform, userId: string): void {
  const name = state.linked.get(`${platform}:${userId}`);
  if (name) throw new DomainError('contact_taken', `This Telegram account is already linked to a Jellyfin account (${name}). Unlink it there first (send unlink to the bot).`);
}

export function fakeContacts(state: FakeContactState, config: Config, invites: Services['invites']): Services['contacts'] {
  let serial = 0;
  const newPin = () => `PQRS${String(2222 + ++serial)}`;
  const unused = (name: string) => async (): Promise<never> => {
    throw new Error(`contacts.${name} is not used by the HTTP tests`);
  };
  return {
    async createPin(input) {
      state.calls.push({ method: 'createPin', input });
      await requireEnabled(config, invites, input.inviteCode, input.platform);
      const pin = newPin();
      state.pins.set(pin, { pin, code: input.inviteCode, platform: input.platform, direction: 'page_to_bot', userId: null, handle: null, verified: false, consumed: false });
      return { pin, expires_at: '2030-01-02T12:10:00.000Z' };
    },
    async pinStatus(input) {
      state.calls.push({ method: 'pinStatus', input });
      const scope = `${input.inviteCode} ${input.ip}`;
      if ((state.misses.get(scope) ?? 0) >= 5) throw new DomainError('rate_limited', 'Too many wrong PINs. Wait ten minutes, then ask for a new PIN and try again.');
      const row = state.pins.get(input.pin.toUpperCase());
      if (!row || row.consumed || row.code !== input.inviteCode || row.platform !== input.platform) {
        state.misses.set(scope, (state.misses.get(scope) ?? 0) + 1);
        throw new DomainError('not_found', FAKE_PIN_NOT_FOUND);
      }
      return { verified: row.verified };
    },
    async sendPinDm(input) {
      state.calls.push({ method: 'sendPinDm', input });
      await requireEnabled(config, invites, input.inviteCode, input.platform);
      const userId = state.knownHandles.get(handleKey(input.handle));
      if (!userId) throw new DomainError('handle_unknown', `Doorman does not know ${input.handle.trim()} on Telegram yet: send /start to @DoormanBot first, then try again.`, { field: 'handle' });
      refuseTaken(state, input.platform, userId);
      if (state.blocked.has(userId)) throw new DomainError('dm_closed', 'Telegram did not let @DoormanBot message this account: open a chat with @DoormanBot, send /start (and unblock it if needed), then try again.');
      const pin = newPin();
      state.pins.set(pin, { pin, code: input.inviteCode, platform: input.platform, direction: 'bot_to_page', userId, handle: `@${handleKey(input.handle)}`, verified: true, consumed: false });
      state.dms.push({ platform: input.platform, userId, pin });
      return { sent: true, expires_at: '2030-01-02T12:10:00.000Z' };
    },
    verifyPin: unused('verifyPin'),
    see: unused('see'),
    view: unused('view'),
    me: unused('me'),
    setLanguage: unused('setLanguage'),
    setNotify: unused('setNotify'),
    unlink: unused('unlink'),
    linkAccount: unused('linkAccount'),
    sendToHandle: unused('sendToHandle'),
    sendToAccount: unused('sendToAccount'),
    createAccountLinkToken: unused('createAccountLinkToken'),
    async accountLinkTokenStatus(token) {
      const row = state.linkTokens.get(token);
      if (!row || row.used) throw new DomainError('not_found', 'This sign-in link is not valid any more: it may have been used or be older than 15 minutes. Send link to the bot for a new one.');
      return { platform: row.platform, handle: row.handle, expires_at: '2030-01-02T12:15:00.000Z' };
    },
    async redeemAccountLinkToken(input) {
      state.calls.push({ method: 'redeemAccountLinkToken', input: { token: input.token, username: input.username } });
      const row = state.linkTokens.get(input.token);
      if (!row || row.used) throw new DomainError('not_found', 'This sign-in link is not valid any more: it may have been used or be older than 15 minutes. Send link to the bot for a new one.');
      const name = [...state.passwords.keys()].find((known) => known.toLowerCase() === input.username.trim().toLowerCase());
      if (!name || state.passwords.get(name) !== input.password) throw new DomainError('unauthorized', 'That username and password did not sign in to Jellyfin. Check them and try again.');
      const current = state.linked.get(`${row.platform}:${row.userId}`);
      if (current && current !== name) refuseTaken(state, row.platform, row.userId);
      row.used = true;
      state.linked.set(`${row.platform}:${row.userId}`, name);
      return { username: name, platform: row.platform };
    },
  };
}

/** The bot received `/link PIN` from this chat account (what the chat core's verifyPin records). */
export function verifyFakePin(state: FakeContactState, pin: string, userId = '5001', handle = '@alice'): void {
  const row = state.pins.get(pin);
  if (!row) throw new Error(`no such fake PIN ${pin}`);
  Object.assign(row, { verified: true, userId, handle });
}

/** The sign-up's contact checks, in the core's order: required → present → proven → unique. */
export function checkFakeContacts(state: FakeContactState, config: Config, code: string, contacts: SignupInput['contacts']): (username: string) => void {
  const claims: FakePin[] = [];
  for (const platform of ['telegram', 'discord', 'matrix'] as const) {
    const rule = contactRule(config, platform);
    const given = contacts?.[platform];
    if (rule.mode === 'off') continue;
    if (!given?.pin) {
      if (rule.mode === 'required') throw new DomainError('contact_required', 'Link your Telegram account first: this invite needs it.', { field: `contacts.${platform}` });
      continue;
    }
    const row = state.pins.get(given.pin.toUpperCase());
    const sameHandle = !given.handle || !row?.handle || handleKey(given.handle) === handleKey(row.handle);
    if (!row || row.consumed || row.code !== code || row.platform !== platform || !row.verified || !sameHandle) {
      throw new DomainError('contact_unverified', 'Your Telegram account is not verified yet: send the PIN to the bot (or type the PIN it sent you) and try again.', { field: `contacts.${platform}` });
    }
    refuseTaken(state, platform, row.userId!);
    claims.push(row);
  }
  return (username) => {
    for (const row of claims) {
      row.consumed = true;
      state.linked.set(`${row.platform}:${row.userId}`, username);
    }
  };
}
