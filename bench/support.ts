import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../src/app.ts';
import { validateConfig } from '../src/config/load.ts';

/** The stand-in running in bench/standin-child.ts, driven over IPC. */
export class StandinProcess {
  private nextId = 1;
  private readonly waiting = new Map<number, (result: unknown) => void>();

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.on('message', (message: { id: number; result: unknown }) => {
      this.waiting.get(message.id)?.(message.result);
      this.waiting.delete(message.id);
    });
  }

  static async start(): Promise<StandinProcess> {
    const child = fork(join(import.meta.dirname, 'standin-child.ts'), { execArgv: ['--import', 'tsx', ...(process.env.PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : [])] });
    const url = await new Promise<string>((resolve, reject) => {
      child.once('message', (message: { result: string }) => resolve(message.result));
      child.once('exit', (code) => reject(new Error(`the stand-in process exited (${code})`)));
    });
    return new StandinProcess(child, url);
  }

  private call<T>(op: string): Promise<T> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve as (result: unknown) => void);
      this.child.send({ id, op });
    });
  }

  /** Adds a template user with a distinctive policy, configuration and home screen; returns its name. */
  seedTemplate(): Promise<string> {
    return this.call('seedTemplate');
  }

  /** Requests received since the last clear, the service login left out. */
  countCalls(): Promise<number> {
    return this.call('countCalls');
  }

  clearRequests(): Promise<void> {
    return this.call('clearRequests');
  }

  close(): Promise<void> {
    return this.call('close');
  }
}

export interface BenchDoorman {
  app: App;
  standin: StandinProcess;
  url: string;
  close(): Promise<void>;
}

/** Doorman on a fresh SQLite file (WAL, as in production) against a stand-in in its own process. */
export async function startDoorman(): Promise<BenchDoorman> {
  const standin = await StandinProcess.start();
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
