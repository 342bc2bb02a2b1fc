import { z } from 'zod';
import { ERROR_STATUS, type ErrorCode } from '../core/errors.ts';

/**
 * The shapes of the HTTP API, as zod schemas: request bodies are validated with them and the
 * OpenAPI document is generated from them, so the two cannot drift apart.
 */

const contactProofSchema = z
  .object({
    pin: z.string().describe('The PIN: one the bot received (page → bot) or one the bot sent to `handle` (bot → page).'),
    handle: z.string().optional().describe('Bot → page only: the handle the bot sent the PIN to.'),
  })
  .strict();

export const signupBodySchema = z.object({
  username: z.string().describe('The Jellyfin username to create.'),
  password: z.string().describe('The password, checked against the server\'s password rules.'),
  password_confirm: z.string().optional().describe('When given, it must equal password (the web form sends it).'),
  email: z.string().optional().describe('An email address for notices (optional).'),
  contacts: z
    .object({ telegram: contactProofSchema.optional(), discord: contactProofSchema.optional(), matrix: contactProofSchema.optional() })
    .strict()
    .optional()
    .describe('Chat accounts proven by PIN, linked to the new account (required per contacts.<platform>.mode).'),
});

export const pinResultSchema = z.object({
  pin: z.string().describe('8 characters; the person sends `/link PIN` to the bot.'),
  expires_at: z.string().describe('When the PIN stops working unless the bot received it (ISO-8601 UTC, 10 minutes).'),
  deep_link: z.string().optional().describe('Telegram: https://t.me/<bot>?start=<PIN>, when the bot is running.'),
});

export const pinStatusSchema = z.object({ verified: z.boolean().describe('True once the bot received the PIN.') });

export const dmBodySchema = z.object({
  handle: z.string().describe('The handle the bot sends a PIN to (Telegram: @username); it must have sent the bot /start.'),
});

export const dmResultSchema = z.object({ sent: z.literal(true) });

/**
 * The urlencoded form: missing fields read as empty, so the core's own checks answer them. The
 * contact fields (`telegram_pin`, `telegram_handle`) are read apart: see contact-forms.ts.
 */
export const signupFormSchema = z.object({
  username: z.string().default(''),
  password: z.string().default(''),
  password_confirm: z.string().default(''),
});

export const signupResultSchema = z.object({
  user: z.object({
    id: z.string().describe('The Jellyfin user id (32 lowercase hex digits).'),
    name: z.string(),
    expires_at: z.string().nullable().describe('ISO-8601 UTC; null when the account does not expire.'),
  }),
});

const passwordRulesSchema = z.object({
  min_length: z.number().int(),
  upper: z.number().int(),
  lower: z.number().int(),
  digits: z.number().int(),
  special: z.number().int(),
});

export const inviteCheckSchema = z.object({
  valid: z.literal(true),
  expires_at: z.string().describe('When the invite stops working (ISO-8601 UTC).'),
  account_expiry: z.string().nullable().describe('How long accounts made with it last (`30d`), or null.'),
  password_rules: passwordRulesSchema.describe('Minimum counts; 0 turns a class off.'),
  jellyfin_url: z.string().describe('Where new users sign in.'),
});

/** Codes beyond the domain ones: an unexpected failure, answered with a reference to the log. */
export const INTERNAL_ERROR = 'internal_error';

const errorCodes: [string, ...string[]] = [INTERNAL_ERROR, ...(Object.keys(ERROR_STATUS) as ErrorCode[])];

export const errorSchema = z.object({
  error: z.object({
    code: z.enum(errorCodes),
    message: z.string().describe('What went wrong and what to do about it, for a person.'),
    field: z.string().optional().describe('The input the error concerns.'),
    problems: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    reference: z.string().optional().describe('For internal_error: the id under which the failure was logged.'),
  }),
});

export const replySchema = z.object({
  text: z.string().describe('Markdown.'),
  fields: z.array(z.object({ label: z.string(), value: z.string() })).optional(),
  table: z.object({ columns: z.array(z.string()), rows: z.array(z.array(z.string())) }).optional(),
  secret: z.boolean().optional(),
  confirm: z.object({ token: z.string(), prompt: z.string(), expires_at: z.string() }).optional(),
  file: z.object({ name: z.string(), content: z.string() }).optional(),
  progress: z.object({ done: z.number(), total: z.number() }).optional(),
  data: z.unknown().optional().describe('Machine-readable result.'),
});

export const commandResultSchema = z.object({ reply: replySchema });

export const healthSchema = z.object({
  ok: z.boolean(),
  database: z.object({ ok: z.boolean(), error: z.string().optional() }),
  jellyfin: z.object({ ok: z.boolean(), version: z.string().optional(), error: z.string().optional() }),
});

/** A zod failure as one readable sentence plus the first field it concerns. */
export function describeIssues(error: z.ZodError): { message: string; field?: string } {
  const parts = error.issues.map((issue) => {
    const path = issue.path.join('.');
    if (!path) return 'send a JSON object';
    const text = issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
    return path ? `${path}: ${text}` : text;
  });
  const field = error.issues[0]?.path.join('.') || undefined;
  return { message: `The request body is not valid: ${parts.join('; ')}.`, ...(field ? { field } : {}) };
}
