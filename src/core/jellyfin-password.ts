import type { JellyfinClient } from '../jellyfin/client.ts';
import { JellyfinError } from '../jellyfin/errors.ts';
import { JellyfinTransport } from '../jellyfin/http.ts';
import { normaliseId } from '../jellyfin/types.ts';
import type { PasswordCheck } from './contacts.ts';
import { fromJellyfin } from './failures.ts';

/**
 * Proves a person's Jellyfin password by logging in as them once (POST /Users/AuthenticateByName)
 * with Doorman's connection settings: the user's id and name, or null when Jellyfin says no.
 */
export function jellyfinPasswordCheck(client: Pick<JellyfinClient, 'options'>): PasswordCheck {
  return async (username, password) => {
    if (username === '' || password === '') return null;
    let user: Record<string, unknown> | null = null;
    const transport = new JellyfinTransport({ ...client.options, username, password, retries: 0 }, (result) => {
      user = result.user;
    });
    try {
      await fromJellyfin(async () => {
        try {
          await transport.login();
        } catch (error) {
          if (error instanceof JellyfinError && (error.kind === 'unauthorized' || error.kind === 'rejected')) return;
          throw error;
        }
      });
    } finally {
      transport.close();
    }
    const found = user as Record<string, unknown> | null;
    if (!found || typeof found.Id !== 'string' || typeof found.Name !== 'string') return null;
    return { id: normaliseId(found.Id), name: found.Name };
  };
}
