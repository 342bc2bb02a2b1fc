import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../src/app.ts';
import { validateConfig } from '../src/config/load.ts';
import { JellyfinStandin } from '../src/jellyfin/standin/index.ts';

export interface BenchDoorman {
  app: App;
  standin: JellyfinStandin;
  url: string;
  close(): Promise<void>;
}

/** Doorman on a fresh SQLite file (WAL, as in production) against an in-process stand-in. */
export async function startDoorman(): Promise<BenchDoorman> {
  const standin = await JellyfinStandin.start({ version: '10.11' });
  const dataDir = mkdtempSync(join(tmpdir(), 'doorman-bench-'));
  const config = validateConfig(
    {
      data_dir: dataDir,
      server: { host: '127.0.0.1', port: 0 },
      jellyfin: { url: standin.url, username: 'admin', password: 'admin-password' },
      log: { level: 'warn' },
    },
    'bench',
  );
  const app = await createApp(config);
  const url = await app.listen();
  return {
    app,
    standin,
    url,
    async close() {
      await app.close();
      await standin.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}
