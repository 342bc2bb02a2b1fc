import { Client, Events, GatewayIntentBits } from 'discord.js';

/** The intents Doorman's bot asks for, as `startDiscord` does; GuildMembers is the privileged one. */
export const DOORMAN_INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers, GatewayIntentBits.DirectMessages];

export type GatewayProbe = { ok: true } | { ok: false; disallowedIntents: boolean; message: string };

/**
 * Logs in to the gateway once with Doorman's intents and logs out again: Discord refuses a privileged
 * intent that is switched off in the Developer Portal only here (close code 4014), never over REST.
 */
export async function probeGateway(config: { token: string; api_root: string }, timeoutMs = 15_000): Promise<GatewayProbe> {
  const client = new Client({ intents: DOORMAN_INTENTS, rest: { api: config.api_root, retries: 0 } });
  let timer: NodeJS.Timeout | undefined;
  try {
    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no gateway session within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
    });
    await Promise.race([client.login(config.token).then(() => ready), timeout]);
    return { ok: true };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, disallowedIntents: isDisallowedIntents(error), message };
  } finally {
    clearTimeout(timer);
    await client.destroy();
  }
}

/** discord.js turns close code 4014 into the error code `DisallowedIntents` ("Used disallowed intents"). */
export function isDisallowedIntents(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 4014 || code === 'DisallowedIntents' || /disallowed intent/i.test(error instanceof Error ? error.message : String(error));
}
