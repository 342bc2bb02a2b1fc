import { mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { validateConfig } from './config/load.ts';
import type { Config } from './config/schema.ts';
import { createApp, type App } from './app.ts';
import { JellyfinStandin } from './jellyfin/standin/index.ts';
import { createLogger, type Logger } from './log.ts';

/**
 * `doorman demo`: Doorman with fresh data next to an in-process Jellyfin stand-in, seeded so the
 * whole flow can be tried at once: a template user with a distinctive policy, a default profile
 * captured from it (through the real service), a 5-use invite and an admin API key.
 */

export interface DemoOptions {
  /** Wiped at every start (the stand-in lives in memory, so old data would point at nothing). */
  dataDir?: string;
  /** Default 8056; 0 picks a free port; a busy port falls back to a free one. */
  port?: number;
  log?: Logger;
  /** Settings taken from a config file (password rules, invite defaults, log); server, database and jellyfin are the demo's own. */
  base?: Config;
}

export interface Demo {
  url: string;
  inviteLink: string;
  apiKey: string;
  standin: JellyfinStandin;
  app: App;
  close(): Promise<void>;
}

export const DEMO_ADMIN = { name: 'admin', password: 'demo-admin-password' };
export const DEMO_TEMPLATE_USER = 'template';
export const DEMO_PROFILE = 'Friends';
const DEFAULT_DEMO_PORT = 8056;

export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const dataDir = resolve(options.dataDir ?? 'data/demo');
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const standin = await JellyfinStandin.start({ version: '10.11', admin: DEMO_ADMIN, serverName: 'Demo Jellyfin' });
  try {
    seedTemplateUser(standin);
    const port = await pickPort(options.port ?? DEFAULT_DEMO_PORT);
    const config = demoConfig(dataDir, port, standin.url, options.base);
    const app = await createApp(config, { log: options.log ?? createLogger({ level: config.log.level, pretty: true }) });
    try {
      const { inviteLink, apiKey } = await seedDoorman(app);
      await app.listen();
      const close = async () => {
        await app.close();
        await standin.close();
      };
      return { url: config.server.public_url, inviteLink, apiKey, standin, app, close };
    } catch (error) {
      await app.close();
      throw error;
    }
  } catch (error) {
    await standin.close();
    throw error;
  }
}

/** Two of the three libraries, no downloads, at most 2 sessions: easy to spot on a new account. */
function seedTemplateUser(standin: JellyfinStandin): void {
  const libraries = standin.libraries().slice(0, 2);
  const id = standin.addUser(DEMO_TEMPLATE_USER, {
    password: 'template-password',
    policy: {
      EnableAllFolders: false,
      EnabledFolders: libraries.map((library) => library.Id),
      EnableContentDownloading: false,
      MaxActiveSessions: 2,
      IsHidden: true,
    },
    configuration: { SubtitleMode: 'Always', PlayDefaultAudioTrack: false, HidePlayedInLatest: false },
  });
  standin.setDisplayPreferences(id, 'emby', {
    SortBy: 'SortName',
    SortOrder: 'Ascending',
    CustomPrefs: { homesection0: 'resume', homesection1: 'nextup', homesection2: 'latestmedia', homesection3: 'none' },
  });
}

async function seedDoorman(app: App): Promise<{ inviteLink: string; apiKey: string }> {
  const { profiles, invites, apiKeys } = app.services;
  await profiles.capture({ name: DEMO_PROFILE, from: DEMO_TEMPLATE_USER, homescreen: true });
  await profiles.setDefault(DEMO_PROFILE);
  const invite = await invites.create({ uses: 5, valid: '7d', label: 'demo invite', created_by: 'demo' });
  const { key } = await apiKeys.create('demo admin', 'demo');
  return { inviteLink: invite.link, apiKey: key };
}

function demoConfig(dataDir: string, port: number, jellyfinUrl: string, base?: Config): Config {
  return validateConfig(
    {
      data_dir: dataDir,
      server: { host: '127.0.0.1', port, public_url: `http://127.0.0.1:${port}` },
      database: { url: 'sqlite:doorman.db' },
      jellyfin: { url: jellyfinUrl, username: DEMO_ADMIN.name, password: DEMO_ADMIN.password, timeout: '5s' },
      password_rules: base ? { ...base.password_rules } : undefined,
      invites: base ? { ...base.invites } : undefined,
      log: base ? { ...base.log, pretty: true } : { level: 'info', pretty: true },
    },
    'demo',
  );
}

/** The wanted port when it is free, else any free port (the demo should start, not argue). */
export async function pickPort(wanted: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number | null>((done) => {
      const probe = createServer();
      probe.once('error', () => done(null));
      probe.listen({ host: '127.0.0.1', port }, () => {
        const address = probe.address();
        const chosen = typeof address === 'object' && address ? address.port : null;
        probe.close(() => done(chosen));
      });
    });
  return (await tryPort(wanted)) ?? (await tryPort(0)) ?? wanted;
}

/** What `doorman demo` prints once everything is up. */
export function demoBanner(demo: Demo): string {
  return [
    '',
    'Doorman demo is running.',
    `  Doorman:          ${demo.url}`,
    `  Invite link:      ${demo.inviteLink}   (5 uses, profile ${DEMO_PROFILE})`,
    `  Admin API key:    ${demo.apiKey}`,
    `  Jellyfin stand-in: ${demo.standin.url}   (admin: ${DEMO_ADMIN.name} / ${DEMO_ADMIN.password})`,
    '',
    `Open the invite link in a browser to sign up, or try the REST API:`,
    `  curl -H "Authorization: Bearer ${demo.apiKey}" -H 'Content-Type: application/json' -d '{}' ${demo.url}/api/v1/commands/invite.list`,
    '',
  ].join('\n');
}
