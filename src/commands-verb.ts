import type { Writable } from 'node:stream';
import { DISCORD_COMMANDS_META_KEY } from '../adapters/discord/wiring.ts';
import { createApp } from './app.ts';
import type { Config } from './config/schema.ts';
import { metaValue } from './db/meta-value.ts';
import type { Logger } from './log.ts';

export const COMMANDS_USAGE = 'Usage: doorman commands register [--config FILE]\n';

export interface CommandsVerbIo {
  stdout: Writable;
  stderr: Writable;
}

/**
 * `doorman commands register`: bulk-overwrites Doorman's Discord slash commands now (user commands
 * globally; admin commands in `discord.guild_id` when set, else globally too), with the current
 * choices (profiles, languages). Over REST only: the bot need not run. The hash it keeps means the
 * next start sends nothing when nothing changed.
 */
export async function commandsVerb(rest: readonly string[], loadConfig: () => Config, logFor: (config: Config) => Logger, io: CommandsVerbIo): Promise<number> {
  if (rest.length !== 1 || rest[0] !== 'register') {
    io.stderr.write(COMMANDS_USAGE);
    return 2;
  }
  const config = loadConfig();
  if (!config.discord) {
    io.stderr.write('doorman commands register: the config has no discord section (discord.token, discord.application_id), so there is nothing to register.\n');
    return 2;
  }
  const discord = config.discord;
  const app = await createApp(config, { log: logFor(config) });
  try {
    // Loaded only here: discord.js is not needed by the other verbs.
    const { registerCommandsNow } = await import('../adapters/discord/index.ts');
    const store = metaValue(app.db, DISCORD_COMMANDS_META_KEY);
    const result = await registerCommandsNow({ config: discord, registry: app.registry, runtime: app.chat, store, log: app.log });
    const where = discord.guild_id ? ` and ${result.guild} admin commands in guild ${discord.guild_id}` : ' (admin commands included: discord.guild_id is not set)';
    io.stdout.write(`Registered ${result.global} global slash commands${where}.\n`);
    return 0;
  } finally {
    await app.close();
  }
}
