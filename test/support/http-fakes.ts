import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { z } from 'zod';
import { opt } from '../../commands/options.ts';
import { defineCommand, type CommandDef } from '../../commands/types.ts';
import { validateConfig } from '../../src/config/load.ts';
import type { Config, ConfigInput } from '../../src/config/schema.ts';
import { addDuration, parseDuration } from '../../src/core/duration.ts';
import { DomainError, type FieldProblem } from '../../src/core/errors.ts';
import type { CreateInviteInput, Services } from '../../src/core/services.ts';
import type { ApiKeyView, HealthReport, InviteView, SignupInput } from '../../src/core/views.ts';
import { REDACT_PATHS, type Logger } from '../../src/log.ts';
import { checkFakeContacts, fakeContacts, initialContactState, type FakeContactState } from './http-contact-fakes.ts';

export const PUBLIC_URL = 'http://doorman.test';
export const JELLYFIN_PUBLIC_URL = 'https://watch.example.org';
export const INVITE_INVALID_MESSAGE = 'This invite link cannot be used: it may have expired or been used up. Ask for a new one.';

export function testConfig(overrides: Partial<ConfigInput> = {}): Config {
  return validateConfig(
    {
      server: { public_url: PUBLIC_URL },
      jellyfin: { url: 'http://127.0.0.1:9', public_url: JELLYFIN_PUBLIC_URL, username: 'admin', password: 'secret' },
      ...overrides,
    },
    'test',
  );
}

/** A pino logger whose lines (parsed) land in `lines`, with the app's redaction rules. */
export function captureLogger(): { log: Logger; lines: Record<string, unknown>[]; text: () => string } {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      raw.push(String(chunk));
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  const log = pino({ level: 'info', redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, sink);
  return { log, lines, text: () => raw.join('') };
}

export function makeInvite(code: string, partial: Partial<InviteView> = {}): InviteView {
  return {
    code,
    link: `${PUBLIC_URL}/invite/${code}`,
    status: 'active',
    label: null,
    user_label: null,
    profile: null,
    uses_total: 1,
    uses_count: 0,
    uses_left: 1,
    expires_at: '2030-01-08T12:00:00.000Z',
    account_expiry: null,
    created_by: null,
    created_at: '2030-01-01T12:00:00.000Z',
    revoked_at: null,
    ...partial,
  };
}

function makeKey(id: string, name: string, revoked = false): ApiKeyView {
  return { id, name, prefix: id.slice(0, 6), created_by: null, created_at: '2030-01-01T00:00:00.000Z', last_used_at: null, revoked_at: revoked ? '2030-01-02T00:00:00.000Z' : null };
}

export interface FakeState {
  invites: Map<string, InviteView>;
  /** Jellyfin usernames that exist (the fake's whole "server"). */
  users: { id: string; name: string; expires_at: string | null; invite: string }[];
  /** Every sign-up the fake received, as given (tests assert what crossed the wire). */
  signupCalls: { code: string; input: SignupInput }[];
  keys: Map<string, ApiKeyView>;
  health: HealthReport;
  /** Thrown by the next sign-up instead of doing it (an outage, a bug). */
  failNextSignup: Error | null;
  now: Date;
  /** Chat contacts: PINs, known handles, DMs the bot was asked to send, links (http-contact-fakes.ts). */
  contacts: FakeContactState;
}

export const ADMIN_KEY = 'dk_admin_0123456789abcdef';
export const REVOKED_KEY = 'dk_revoked_0123456789abcdef';

const USERNAME = /^[\p{L}\p{Mn}\p{Nd}\p{Pc} '._@+-]+$/u;

function passwordProblems(config: Config, password: string): FieldProblem[] {
  const rules = config.password_rules;
  const count = (pattern: RegExp) => (password.match(pattern) ?? []).length;
  const problems: string[] = [];
  if ([...password].length < rules.min_length) problems.push(`at least ${rules.min_length} characters`);
  if (count(/\p{Lu}/gu) < rules.upper) problems.push(`at least ${rules.upper} capital letter(s)`);
  if (count(/\p{Ll}/gu) < rules.lower) problems.push(`at least ${rules.lower} lowercase letter(s)`);
  if (count(/\p{Nd}/gu) < rules.digits) problems.push(`at least ${rules.digits} digit(s)`);
  if (count(/[^\p{L}\p{N}]/gu) < rules.special) problems.push(`at least ${rules.special} symbol(s)`);
  return problems.map((text) => ({ field: 'password', message: `The password needs ${text}.` }));
}

function initialState(): FakeState {
  return {
    invites: new Map([['good-code', makeInvite('good-code', { uses_total: 5, uses_left: 5 })]]),
    users: [{ id: 'a'.repeat(32), name: 'Taken', expires_at: null, invite: 'seed' }],
    signupCalls: [],
    keys: new Map([[ADMIN_KEY, makeKey('key-admin', 'ci-bot')], [REVOKED_KEY, makeKey('key-old', 'old', true)]]),
    health: { ok: true, database: { ok: true }, jellyfin: { ok: true, version: '10.11.0' } },
    failNextSignup: null,
    now: new Date('2030-01-02T12:00:00.000Z'),
    contacts: initialContactState(),
  };
}

const unused = (name: string) => async (): Promise<never> => {
  throw new Error(`${name} is not used by the HTTP tests`);
};

function fakeInvites(state: FakeState): Services['invites'] {
  return {
    create: async (input: CreateInviteInput) => {
      const code = `c${state.invites.size + 1}`;
      const uses = input.uses ?? 1;
      const invite = makeInvite(code, { uses_total: uses, uses_left: uses === 0 ? null : uses, label: input.label ?? null, created_by: input.created_by ?? null });
      state.invites.set(code, invite);
      return invite;
    },
    list: async () => [...state.invites.values()],
    show: async (code: string) => {
      const invite = state.invites.get(code);
      if (!invite) throw new DomainError('not_found', `There is no invite ${code}.`, { field: 'code' });
      return { ...invite, redemptions: [] };
    },
    revoke: unused('invites.revoke'),
    requireUsable: async (code: string) => {
      const invite = state.invites.get(code);
      const usable = invite && invite.status === 'active' && (invite.uses_left === null || invite.uses_left > 0);
      if (!usable) throw new DomainError('invite_invalid', INVITE_INVALID_MESSAGE);
      return invite;
    },
  };
}

/** Sign-up checks in the agreed order: invite, username rules, password rules, repeat, contacts, name free. */
function fakeSignup(state: FakeState, config: Config, invites: Services['invites']): Services['signup']['signup'] {
  return async (code, input) => {
    state.signupCalls.push({ code, input: structuredClone(input) });
    const invite = await invites.requireUsable(code);
    const username = input.username.trim();
    if (!USERNAME.test(username)) {
      throw new DomainError('username_invalid', 'Use only letters, digits, spaces and - _ \' . @ + in the username.', { field: 'username' });
    }
    const problems = passwordProblems(config, input.password);
    if (problems.length > 0) throw new DomainError('password_weak', 'The password is too weak.', { field: 'password', problems });
    if (input.password_confirm !== undefined && input.password_confirm !== input.password) {
      throw new DomainError('validation', 'The two passwords are not the same.', { field: 'password_confirm' });
    }
    const linkContacts = checkFakeContacts(state.contacts, config, code, input.contacts);
    const failure = state.failNextSignup;
    state.failNextSignup = null;
    if (failure) throw failure;
    if (state.users.some((user) => user.name.toLowerCase() === username.toLowerCase())) {
      throw new DomainError('username_taken', `The username ${username} is taken: choose another one.`, { field: 'username' });
    }
    const expiry = invite.account_expiry ? parseDuration(invite.account_expiry) : null;
    const user = { id: randomBytes(16).toString('hex'), name: username, expires_at: expiry ? addDuration(state.now, expiry).toISOString() : null, invite: code };
    state.users.push(user);
    linkContacts(user.name);
    const uses_count = invite.uses_count + 1;
    state.invites.set(code, { ...invite, uses_count, uses_left: invite.uses_total === 0 ? null : invite.uses_total - uses_count });
    return { user: { id: user.id, name: user.name, expires_at: user.expires_at } };
  };
}

/**
 * A typed stand-in for the core, behaving as its contract says: the same invite_invalid for every
 * unusable code, sign-up checks in the agreed order, DomainErrors with `field` / `problems`.
 */
export function createFakeServices(config: Config): { services: Services; state: FakeState } {
  const state = initialState();
  const invites = fakeInvites(state);
  const services: Services = {
    invites,
    profiles: {
      capture: unused('profiles.capture'),
      list: unused('profiles.list'),
      show: unused('profiles.show'),
      setDefault: unused('profiles.setDefault'),
      rename: unused('profiles.rename'),
      remove: unused('profiles.remove'),
    },
    signup: { signup: fakeSignup(state, config, invites), resumeUndos: async () => 0 },
    users: { list: unused('users.list'), info: unused('users.info') },
    unsubscribe: { url: unused('unsubscribe.url'), accountOf: unused('unsubscribe.accountOf'), redeem: unused('unsubscribe.redeem') },
    announcements: {
      preview: unused('announcements.preview'),
      send: unused('announcements.send'),
      save: unused('announcements.save'),
      list: unused('announcements.list'),
      get: unused('announcements.get'),
      remove: unused('announcements.remove'),
    },
    apiKeys: {
      create: unused('apiKeys.create'),
      list: unused('apiKeys.list'),
      revoke: unused('apiKeys.revoke'),
      verify: async (key: string) => {
        const view = state.keys.get(key);
        return view && !view.revoked_at ? view : null;
      },
    },
    health: { check: async () => structuredClone(state.health) },
    outbox: { status: unused('outbox.status'), retry: unused('outbox.retry') },
    contacts: fakeContacts(state.contacts, config, invites),
    jellyfinPublicUrl: JELLYFIN_PUBLIC_URL,
  };
  return { services, state };
}

/** Two commands, enough to drive the REST surface and the OpenAPI generator. */
export function fakeRegistry(): CommandDef[] {
  return [
    defineCommand({
      name: 'invite create',
      description: 'Create an invite link.',
      access: 'admin',
      examples: ['invite create uses:3 valid:7d'],
      options: z.object({
        uses: opt.count('How many accounts it may create; 0 = unlimited.').optional(),
        valid: opt.duration('How long the link works.').optional(),
        label: opt.text('A note for admins.').optional(),
      }),
      async run(ctx, args) {
        const invite = await ctx.services.invites.create({ ...args, created_by: `${ctx.caller.surface}:${ctx.caller.name}` });
        return { text: `Invite created: ${invite.link}`, fields: [{ label: 'Uses', value: String(invite.uses_total) }], data: invite };
      },
    }),
    defineCommand({
      name: 'invite show',
      description: 'Show one invite.',
      access: 'admin',
      positional: 'code',
      options: z.object({ code: opt.text('The invite code.') }),
      async run(ctx, args) {
        const invite = await ctx.services.invites.show(args.code);
        return { text: `Invite ${invite.code}: ${invite.status}`, data: invite };
      },
    }),
  ];
}
