import type { Db } from '../db/database.ts';
import { pingDatabase } from '../db/repositories/index.ts';
import type { JellyfinClient } from '../jellyfin/client.ts';
import type { JfServerInfo } from '../jellyfin/types.ts';
import type { HealthReport } from './views.ts';

/**
 * Asks the server again on every check: the shared client remembers its server info for the
 * username rules, so a probe through it would report a Jellyfin that went away as healthy.
 */
export function freshServerInfo(client: JellyfinClient): () => Promise<JfServerInfo> {
  return () => client.checkServerInfo();
}

export class HealthService {
  constructor(
    private readonly db: Db,
    private readonly serverInfo: () => Promise<JfServerInfo>,
  ) {}

  /** Never throws: each part says whether it answered and, if not, why. */
  async check(): Promise<HealthReport> {
    const [database, jellyfin] = await Promise.all([this.checkDatabase(), this.checkJellyfin()]);
    return { ok: database.ok && jellyfin.ok, database, jellyfin };
  }

  private async checkDatabase(): Promise<HealthReport['database']> {
    try {
      await pingDatabase(this.db);
      return { ok: true };
    } catch (error) {
      return { ok: false, error: reason(error) };
    }
  }

  private async checkJellyfin(): Promise<HealthReport['jellyfin']> {
    try {
      const info = await this.serverInfo();
      return { ok: true, version: info.version };
    } catch (error) {
      return { ok: false, error: reason(error) };
    }
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
