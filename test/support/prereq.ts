import { existsSync } from 'node:fs';

/**
 * Tests that need something outside Node (Chromium, PostgreSQL) skip on a developer's machine
 * without it, but fail under CI=true: CI can never pass by skipping.
 */
export function prerequisite(available: boolean, what: string): boolean {
  if (available) return true;
  if (process.env.CI === 'true') throw new Error(`${what} is required under CI=true (.ci/run installs it)`);
  return false;
}

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function hasChromium(): boolean {
  return prerequisite(existsSync(CHROMIUM_PATH), `Chromium at ${CHROMIUM_PATH}`);
}

export function postgresUrl(): string | undefined {
  const url = process.env.DATABASE_URL;
  prerequisite(Boolean(url?.startsWith('postgres')), 'PostgreSQL (DATABASE_URL)');
  return url;
}
