import { createHash } from 'node:crypto';
import { REST, Routes } from 'discord.js';
import type { CommandDef } from '../../commands/types.ts';
import type { ChatRuntime } from '../../src/chat/types.ts';
import type { Config } from '../../src/config/schema.ts';
import type { Logger } from '../../src/log.ts';
import { buildCommands, splitByAudience, type CommandJson } from './commands.ts';

/**
 * Slash command registration: Discord's bulk overwrite (PUT the whole list), so Discord holds exactly
 * Doorman's commands. User commands go globally (they work in DMs and appear once); admin-only words
 * go to `discord.guild_id` when set, else globally too. A hash of what was last registered is kept
 * (the app keeps it in the database's `meta` table), so a start with unchanged definitions sends nothing.
 */

/** Where the hash of the last registration is kept; the adapter never sees the database itself. */
export interface RegistrationStore {
  get(): Promise<string | null>;
  set(value: string): Promise<void>;
}

export interface CommandBodies {
  global: CommandJson[];
  guild?: { id: string; commands: CommandJson[] };
}

/** What to PUT where: the registry's commands with the runtime's current choices (profiles, languages). */
export async function commandBodies(
  registry: readonly CommandDef[],
  runtime: Pick<ChatRuntime, 'optionValues'>,
  guildId: string | undefined,
): Promise<CommandBodies> {
  const values = (await runtime.optionValues?.()) ?? [];
  if (!guildId) return { global: buildCommands(registry, values) };
  const { everyone, admin } = splitByAudience(registry);
  return { global: buildCommands(everyone, values), guild: { id: guildId, commands: buildCommands(admin, values) } };
}

export function bodiesHash(appId: string, bodies: CommandBodies): string {
  return createHash('sha256').update(JSON.stringify({ appId, bodies })).digest('hex');
}

export interface RegistrarDeps {
  rest: REST;
  appId: string;
  guildId?: string;
  registry: readonly CommandDef[];
  runtime: Pick<ChatRuntime, 'optionValues'>;
  /** Without one, every sync registers. */
  store?: RegistrationStore;
  log: Logger;
}

export interface SyncResult {
  registered: boolean;
  global: number;
  guild: number;
}

/** Registers the commands when they changed; `resync` queues another check (profiles changed). */
export class CommandRegistrar {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: RegistrarDeps) {}

  /** Bulk-overwrites when the bodies differ from the last registration (always with `force`). */
  async sync(options: { force?: boolean } = {}): Promise<SyncResult> {
    const { rest, appId, guildId, registry, runtime, store } = this.deps;
    const bodies = await commandBodies(registry, runtime, guildId);
    const counts = { global: bodies.global.length, guild: bodies.guild?.commands.length ?? 0 };
    const hash = bodiesHash(appId, bodies);
    if (!options.force && store && (await store.get()) === hash) return { registered: false, ...counts };
    await rest.put(Routes.applicationCommands(appId), { body: bodies.global });
    if (bodies.guild) await rest.put(Routes.applicationGuildCommands(appId, bodies.guild.id), { body: bodies.guild.commands });
    await store?.set(hash);
    return { registered: true, ...counts };
  }

  /** Queues a sync after the ones in progress; a failure is logged (the previous registration stays). */
  resync(): Promise<void> {
    const next = this.queue.then(() => this.sync()).then(
      (result) => {
        if (result.registered) this.deps.log.info(result, 'Discord slash commands registered again (their choices changed)');
      },
      (error: unknown) => this.deps.log.error({ err: error }, 'could not register the Discord slash commands again; the previous ones stay'),
    );
    this.queue = next;
    return next;
  }

  /** Resolves once every queued sync has finished. */
  async idle(): Promise<void> {
    await this.queue;
  }
}

export interface RegisterNowOptions {
  config: NonNullable<Config['discord']>;
  registry: readonly CommandDef[];
  runtime: Pick<ChatRuntime, 'optionValues'>;
  store?: RegistrationStore;
  log: Logger;
}

/**
 * `doorman commands register`: REST only (no gateway session), always overwrites, remembers the hash
 * so the next start does not register the same again.
 */
export async function registerCommandsNow(options: RegisterNowOptions): Promise<SyncResult> {
  const { config } = options;
  const rest = new REST({ api: config.api_root }).setToken(config.token);
  try {
    const registrar = new CommandRegistrar({ ...options, rest, appId: config.application_id, guildId: config.guild_id });
    return await registrar.sync({ force: true });
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}
