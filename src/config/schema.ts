import { z } from 'zod';
import { DURATION_HINT, parseDuration } from '../core/duration.ts';

const duration = z.string().refine((text) => parseDuration(text) !== null, { message: `expected ${DURATION_HINT}` });
const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// address' });
const count = z.number().int().min(0);

/** A chat platform's user id: Telegram's are integers, kept as text everywhere in Doorman. */
const platformUserId = z.union([z.number().int(), z.string().regex(/^-?\d+$/, 'expected a numeric user id')]).transform(String);

/** A Discord id (snowflake): quoted text in YAML, because a bare number above 2^53 loses digits. */
const snowflake = z.string({ error: 'expected a Discord id in quotes, e.g. "123456789012345678" (unquoted, YAML turns it into an imprecise number)' }).regex(/^\d{1,20}$/, 'expected a numeric Discord id in quotes');

/** A Matrix user id: `@name:server`. */
const matrixUserId = z.string().regex(/^@[^:\s]+:\S+$/, 'expected a Matrix user id like "@alice:example.org"');

/** A message id of the catalogue (src/messages), for `notify.events`. */
const messageId = z.string().regex(/^[a-z_]+$/, 'expected a message id like admin_user_created');

/** What each platform's admin channel target looks like, and how to write it. */
const ADMIN_TARGETS = {
  telegram: { shape: /^-?\d{1,20}$/, hint: 'a Telegram chat id, like -1001234567890 (a group) or 123456789 (a person)' },
  discord: { shape: /^\d{1,20}$/, hint: 'a Discord channel id in quotes, like "123456789012345678"' },
  matrix: { shape: /^[!#][^:\s]+:\S+$/, hint: 'a Matrix room id or alias, like "!abcdef:example.org"' },
  email: { shape: /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/, hint: 'an email address, like admins@example.org' },
} as const;

/** One `notify.admin_channels` entry; a target that cannot work is refused at start, not at the first notice. */
const adminChannel = z
  .object({
    platform: z.enum(['telegram', 'discord', 'matrix', 'email']),
    target: z.union([z.string().trim().min(1), z.number().int()]),
  })
  .strict()
  .superRefine((entry, ctx) => {
    const { shape, hint } = ADMIN_TARGETS[entry.platform];
    const unsafeNumber = typeof entry.target === 'number' && !Number.isSafeInteger(entry.target);
    if (unsafeNumber || !shape.test(String(entry.target))) ctx.addIssue({ code: 'custom', path: ['target'], message: `expected ${hint}` });
  })
  .transform((entry) => ({ platform: entry.platform, target: String(entry.target) }));

const contactRule = z
  .object({
    /** Whether the sign-up page asks for this platform: off, optional or required. */
    mode: z.enum(['off', 'optional', 'required']).optional(),
    /** One Doorman account per chat account. */
    unique: z.boolean().default(true),
  })
  .strict()
  .prefault({});

export const configSchema = z
  .object({
    data_dir: z.string().min(1).default('./data'),
    server: z
      .object({
        host: z.string().min(1).default('0.0.0.0'),
        port: z.number().int().min(0).max(65535).default(8056),
        public_url: httpUrl.optional(),
        trust_proxy: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    database: z
      .object({
        url: z
          .string()
          .regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, 'expected sqlite:PATH or postgres://…')
          .default('sqlite:doorman.db'),
      })
      .strict()
      .prefault({}),
    jellyfin: z
      .object({
        url: httpUrl,
        public_url: httpUrl.optional(),
        username: z.string().min(1),
        password: z.string().min(1),
        timeout: duration.default('10s'),
        device_id: z.string().min(1).optional(),
      })
      .strict(),
    password_rules: z
      .object({
        min_length: count.default(8),
        upper: count.default(1),
        lower: count.default(0),
        digits: count.default(1),
        special: count.default(0),
      })
      .strict()
      .prefault({}),
    invites: z
      .object({
        default_uses: count.default(1),
        default_valid: duration.default('7d'),
      })
      .strict()
      .prefault({}),
    telegram: z
      .object({
        token: z.string().regex(/^\d+:[A-Za-z0-9_-]+$/, 'expected a bot token from @BotFather, like 123456:ABC-DEF…'),
        api_root: httpUrl.default('https://api.telegram.org'),
        webhook_url: httpUrl.optional(),
        webhook_secret: z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, 'expected 1-256 characters of A-Z, a-z, 0-9, _ and -').optional(),
        /** Messages per second the outbox sends through this bot (Telegram allows about 30). */
        rate_per_second: z.number().positive().max(1000).default(30),
      })
      .strict()
      .optional(),
    discord: z
      .object({
        token: z.string().min(1, 'expected the bot token from the Discord developer portal'),
        application_id: snowflake,
        guild_id: snowflake.optional(),
        api_root: httpUrl.default('https://discord.com/api'),
        /** A role (id, in quotes) given to members when they link their Discord account. */
        member_role: snowflake.optional(),
      })
      .strict()
      .optional(),
    matrix: z
      .object({
        /** The homeserver's base URL, without /_matrix. */
        homeserver: httpUrl,
        user_id: matrixUserId,
        /** Empty: the token stored by `doorman matrix login` is used. */
        access_token: z.string().default(''),
        /** A room id (`!abc:server`) where listed admins may run admin commands. */
        admin_room: z.string().regex(/^[!#][^:\s]+:\S+$/, 'expected a room id like "!abcdef:example.org"').optional(),
      })
      .strict()
      .optional(),
    email: z
      .object({
        smtp: z
          .object({
            host: z.string().min(1),
            port: z.number().int().min(1).max(65535).default(587),
            /** TLS from the first byte (port 465). */
            secure: z.boolean().default(false),
            /** Upgrade a plain connection with STARTTLS (required when true). */
            starttls: z.boolean().default(true),
            username: z.string().optional(),
            password: z.string().optional(),
          })
          .strict(),
        /** `addr` or `Name <addr>`. */
        from: z.string().regex(/^([^<>]*<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/, 'expected an address, or "Name <address>"'),
      })
      .strict()
      .optional(),
    messages: z
      .object({
        /** The language for people who chose none and whose chat client says none. */
        language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/, 'expected a language code like en or pt-BR').default('en'),
        /** The time zone dates are shown in (IANA name). */
        timezone: z
          .string()
          .refine((zone) => isTimeZone(zone), { message: 'expected an IANA time zone like Europe/Berlin or UTC' })
          .default('UTC'),
        /** A folder with <lang>/<message-id>.md files overriding the built-in messages. */
        templates_dir: z.string().min(1).optional(),
      })
      .strict()
      .prefault({}),
    notify: z
      .object({
        /** Where admin notices go; default: a DM to every configured admin, and matrix.admin_room. */
        admin_channels: z
          .array(adminChannel)
          .default([]),
        /** `<message id>: false` switches an admin notice off. */
        events: z.record(messageId, z.boolean()).default({}),
      })
      .strict()
      .prefault({}),
    outbox: z
      .object({
        /** Attempts before a message is dead-lettered. */
        max_attempts: z.number().int().min(1).max(100).default(8),
      })
      .strict()
      .prefault({}),
    admins: z
      .object({
        telegram: z.array(platformUserId).default([]),
        discord: z.array(snowflake).default([]),
        discord_roles: z.array(snowflake).default([]),
        matrix: z.array(matrixUserId).default([]),
      })
      .strict()
      .prefault({}),
    contacts: z
      .object({
        telegram: contactRule,
        discord: contactRule,
        matrix: contactRule,
      })
      .strict()
      .prefault({}),
    log: z
      .object({
        level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
        pretty: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((config, ctx) => {
    for (const platform of ['telegram', 'discord', 'matrix'] as const) {
      const mode = config.contacts[platform].mode;
      if (!config[platform] && mode && mode !== 'off') {
        const needs = platform === 'matrix' ? 'the matrix section (homeserver and user_id)' : `the ${platform} section (a bot token)`;
        ctx.addIssue({ code: 'custom', path: ['contacts', platform, 'mode'], message: `${mode} needs ${needs}` });
      }
    }
  })
  .transform((config) => ({
    ...config,
    server: {
      ...config.server,
      public_url: trimSlash(config.server.public_url ?? `http://localhost:${config.server.port}`),
    },
    jellyfin: {
      ...config.jellyfin,
      url: trimSlash(config.jellyfin.url),
      public_url: trimSlash(config.jellyfin.public_url ?? config.jellyfin.url),
    },
    telegram: config.telegram ? { ...config.telegram, api_root: trimSlash(config.telegram.api_root) } : undefined,
    discord: config.discord ? { ...config.discord, api_root: trimSlash(config.discord.api_root) } : undefined,
    matrix: config.matrix ? { ...config.matrix, homeserver: trimSlash(config.matrix.homeserver) } : undefined,
    contacts: {
      telegram: { mode: config.contacts.telegram.mode ?? (config.telegram ? 'optional' : 'off'), unique: config.contacts.telegram.unique },
      discord: { mode: config.contacts.discord.mode ?? (config.discord ? 'optional' : 'off'), unique: config.contacts.discord.unique },
      matrix: { mode: config.contacts.matrix.mode ?? (config.matrix ? 'optional' : 'off'), unique: config.contacts.matrix.unique },
    },
  }));

export type ContactMode = 'off' | 'optional' | 'required';
export type ChatPlatform = 'telegram' | 'discord' | 'matrix';

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

export type ConfigInput = z.input<typeof configSchema>;
export type Config = z.output<typeof configSchema>;
