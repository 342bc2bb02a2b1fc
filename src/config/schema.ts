import { z } from 'zod';
import { DURATION_HINT, parseDuration } from '../core/duration.ts';

const duration = z.string().refine((text) => parseDuration(text) !== null, { message: `expected ${DURATION_HINT}` });
const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// address' });
const count = z.number().int().min(0);

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
    log: z
      .object({
        level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
        pretty: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
  })
  .strict()
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
  }));

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

export type ConfigInput = z.input<typeof configSchema>;
export type Config = z.output<typeof configSchema>;
