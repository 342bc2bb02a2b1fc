import type { z } from 'zod';
import type { Services } from '../src/core/services.ts';
import type { Reply } from './reply.ts';

export type Surface = 'cli' | 'api' | 'telegram' | 'discord' | 'matrix';

/** Who is running a command, as the surface established it. */
export interface Caller {
  surface: Surface;
  /** The platform's stable id: a chat user id, an API key id, or `local` for the CLI. */
  id: string;
  /** A handle to show in logs and records. */
  name: string;
  isAdmin: boolean;
  /** Set on chat surfaces: the platform the caller writes from (`id` is then the platform's user id). */
  platform?: 'telegram' | 'discord' | 'matrix';
  /** The chat handle as last seen (`@alice`), when the platform has one. */
  handle?: string;
  /**
   * Whether the caller talks to Doorman privately. Chat surfaces always set it; when absent (the CLI,
   * the REST API) the surface is private by nature and counts as a DM.
   */
  inDm?: boolean;
  /** The Jellyfin account this chat account is linked to. */
  account?: { jellyfinUserId: string; username: string };
}

/**
 * Who may run a command. The guard runs once, before the handler, on every surface:
 * `admin` (configured admins, Jellyfin administrators linked from chat, the CLI, API keys),
 * `linked` (a chat account linked to a Jellyfin account), `anyone`.
 */
export type Access = 'admin' | 'linked' | 'anyone';

/** False only for a chat caller outside a private chat. */
export function isPrivate(caller: Caller): boolean {
  return caller.inDm !== false;
}

export interface CommandContext {
  caller: Caller;
  services: Services;
}

export interface CommandDef<Schema extends z.ZodObject = z.ZodObject> {
  /** Words, space-separated: `invite create`. */
  name: string;
  description: string;
  /** Options, validated by zod on every surface; their descriptions are the help text. */
  options: Schema;
  /**
   * The option that bare words fill, in order: `invite show CODE` sets `code`.
   * An array option takes every bare word; a scalar option takes the first.
   */
  positional?: Extract<keyof z.infer<Schema>, string> | Extract<keyof z.infer<Schema>, string>[];
  access: Access;
  /** The reply shows secrets (a key, a sign-in link, account details): refused outside a private chat. */
  dmOnly?: true;
  /** Usage examples shown by help and the README. */
  examples?: string[];
  run(ctx: CommandContext, args: z.infer<Schema>): Promise<Reply>;
}

/** Keeps the schema's type for the handler while the registry holds plain CommandDefs. */
export function defineCommand<Schema extends z.ZodObject>(def: CommandDef<Schema>): CommandDef {
  return def as unknown as CommandDef;
}
