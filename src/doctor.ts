import type { Config } from './config/schema.ts';
import type { Db } from './db/database.ts';
import { createJellyfinClient, ensureDeviceId, openAppDatabase } from './app.ts';
import type { JellyfinClient } from './jellyfin/client.ts';
import type { Logger } from './log.ts';
import { checkMatrix } from './doctor/matrix.ts';
import { checkDiscord } from './doctor/discord.ts';
import { checkEmail } from './doctor/email.ts';

/**
 * `doorman doctor`: checks what Doorman needs before it can work, one line per check, and says what
 * to change when a check fails. Exit code 0 when all pass, 2 otherwise.
 */

export interface CheckResult {
  name: string;
  status: 'ok' | 'FAIL' | 'skipped';
  detail: string;
  fix?: string;
}

export interface DoctorOptions {
  configFile: string;
  log: Logger;
  write(line: string): void;
}

export async function runDoctor(config: Config, options: DoctorOptions): Promise<number> {
  const results: CheckResult[] = [{ name: 'config', status: 'ok', detail: `${options.configFile} is valid` }];
  const report = (result: CheckResult) => {
    results.push(result);
    options.write(formatCheck(result));
  };
  options.write(formatCheck(results[0]));
  const db = await checkDatabase(config, report);
  try {
    const deviceId = db ? await ensureDeviceId(db, config) : (config.jellyfin.device_id ?? 'doorman-doctor');
    const client = createJellyfinClient(config, deviceId, options.log);
    const reachable = await checkReachable(config, client, report);
    if (reachable) await checkAccount(config, client, report);
    else report({ name: 'jellyfin account', status: 'skipped', detail: 'Jellyfin is not reachable' });
    if (config.matrix) for (const result of await checkMatrix(config.matrix, db)) report(result);
  } finally {
    await db?.destroy();
  }
  if (config.telegram) report(await checkTelegram(config.telegram));
  if (config.discord) (await checkDiscord(config.discord)).forEach(report);
  if (config.email) report(await checkEmail(config.email));
  const failed = results.filter((r) => r.status !== 'ok').length;
  options.write(failed === 0 ? 'All checks passed.' : `${failed} check${failed === 1 ? '' : 's'} did not pass.`);
  return failed === 0 ? 0 : 2;
}

export function formatCheck(result: CheckResult): string {
  const head = `${result.status.padEnd(7)} ${result.name}: ${result.detail}`;
  return result.fix ? `${head}\n        fix: ${result.fix}` : head;
}

async function checkDatabase(config: Config, report: (r: CheckResult) => void): Promise<Db | null> {
  try {
    const db = await openAppDatabase(config);
    report({ name: 'database', status: 'ok', detail: `${describeDatabase(config)} opens, schema up to date` });
    return db;
  } catch (error) {
    report({
      name: 'database',
      status: 'FAIL',
      detail: `${describeDatabase(config)}: ${messageOf(error)}`,
      fix: `check database.url and that the data folder (data_dir: ${config.data_dir}) exists and is writable`,
    });
    return null;
  }
}

async function checkReachable(config: Config, client: JellyfinClient, report: (r: CheckResult) => void): Promise<boolean> {
  try {
    const info = await client.serverInfo();
    const product = info.productName ?? 'a server that does not say it is Jellyfin';
    report({ name: 'jellyfin', status: 'ok', detail: `${config.jellyfin.url} answers: ${product} ${info.version} ("${info.serverName}")` });
    return true;
  } catch (error) {
    report({
      name: 'jellyfin',
      status: 'FAIL',
      detail: `cannot reach ${config.jellyfin.url}: ${messageOf(error)}`,
      fix: 'check jellyfin.url (include the base URL path if Jellyfin has one, e.g. http://host:8096/jellyfin) and that Jellyfin is running',
    });
    return false;
  }
}

async function checkAccount(config: Config, client: JellyfinClient, report: (r: CheckResult) => void): Promise<void> {
  try {
    await client.login();
    report({ name: 'jellyfin account', status: 'ok', detail: `"${config.jellyfin.username}" logs in and is an administrator` });
  } catch (error) {
    report({
      name: 'jellyfin account',
      status: 'FAIL',
      detail: messageOf(error),
      fix: 'set jellyfin.username and jellyfin.password to an administrator account (Jellyfin dashboard → Users → the account → "Allow this user to manage the server")',
    });
  }
}

/** The bot token works against telegram.api_root (getMe). The token itself is never printed. */
export async function checkTelegram(telegram: Pick<NonNullable<Config['telegram']>, 'token' | 'api_root' | 'webhook_url'>): Promise<CheckResult> {
  const name = 'telegram';
  try {
    const response = await fetch(`${telegram.api_root}/bot${telegram.token}/getMe`, { signal: AbortSignal.timeout(10_000) });
    const body = (await response.json().catch(() => null)) as { ok?: boolean; result?: { username?: string }; description?: string } | null;
    if (response.ok && body?.ok && body.result?.username) {
      const mode = telegram.webhook_url ? `webhook ${telegram.webhook_url}` : 'long polling';
      return { name, status: 'ok', detail: `the bot @${body.result.username} answers at ${telegram.api_root} (${mode})` };
    }
    if (response.status === 401 || response.status === 404) {
      return { name, status: 'FAIL', detail: `Telegram refused the token (${response.status})`, fix: 'set telegram.token to the token @BotFather gave you (/mybots → API Token)' };
    }
    return { name, status: 'FAIL', detail: `${telegram.api_root} answered ${response.status}: ${body?.description ?? 'not a Bot API answer'}`, fix: 'check telegram.api_root (no /bot…, no trailing slash)' };
  } catch (error) {
    return { name, status: 'FAIL', detail: `cannot reach ${telegram.api_root}: ${messageOf(error)}`, fix: 'check telegram.api_root and that this machine can reach it' };
  }
}

function describeDatabase(config: Config): string {
  // A postgres:// address may carry a password: show only its scheme and host.
  const url = config.database.url;
  if (!url.startsWith('postgres')) return url;
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return 'postgres://…';
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
