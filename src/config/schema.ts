import { z } from 'zod';
import { DURATION_HINT, parseDuration } from '../core/duration.ts';

const duration = z.string().refine((text) => parseDuration(text) !== null, { message: `expected ${DURATION_HINT}` });
const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// address' });
const count = z.number().int().min(0);

/** A chat platform's user id: Telegram's are integers, kept as text everywhere in Doorman. */
const platformUserId = z.union([z.number().int(), z.string().regex(/^-?\d+$/, 'expected a numeric user id')]).transform(String);

/** A Discord id (snowflake): quoted text in YAML, because a bare number above 2^53 loses digits. */
const snowflake = z.string({ error: 'expected a Discord id in quotes, e.g. "123456789012345678" (unquoted, YAML turns it into an imprecise number)' }).regex(/^\d{1,20}$/, 'expected a numeric Discord id in quotes');

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
      })
      .strict()
      .optional(),
    discord: z
      .object({
        token: z.string().min(1, 'expected the bot token from the Discord developer portal'),
        application_id: snowflake,
        guild_id: snowflake.optional(),
        api_root: httpUrl.default('https://discord.com/api'),
      })
      .strict()
      .optional(),
    admins: z
      .object({
        telegram: z.array(platformUserId).default([]),
        discord: z.array(snowflake).default([]),
        discord_roles: z.array(snowflake).default([]),
      })
      .strict()
      .prefault({}),
    contacts: z
      .object({
        telegram: contactRule,
        discord: contactRule,
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
    if (!config.telegram && config.contacts.telegram.mode && config.contacts.telegram.mode !== 'off') {
      ctx.addIssue({ code: 'custom', path: ['contacts', 'telegram', 'mode'], message: `${config.contacts.telegram.mode} needs the telegram section (a bot token)` });
    }
    if (!config.discord && config.contacts.discord.mode && config.contacts.discord.mode !== 'off') {
      ctx.addIssue({ code: 'custom', path: ['contacts', 'discord', 'mode'], message: `${config.contacts.discord.mode} needs the discord section (a bot token)` });
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
    contacts: {
      telegram: { mode: config.contacts.telegram.mode ?? (config.telegram ? 'optional' : 'off'), unique: config.contacts.telegram.unique },
      discord: { mode: config.contacts.discord.mode ?? (config.discord ? 'optional' : 'off'), unique: config.contacts.discord.unique },
    },
  }));

export type ContactMode = 'off' | 'optional' | 'required';
export type ChatPlatform = 'telegram';

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

export type ConfigInput = z.input<typeof configSchema>;
export type Config = z.output<typeof configSchema>;
