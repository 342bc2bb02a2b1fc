import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../commands/dispatch.ts';
import { registry } from '../../commands/index.ts';
import { parseTokens, tokenize } from '../../commands/parse.ts';
import type { Reply } from '../../commands/reply.ts';
import type { Caller, CommandContext } from '../../commands/types.ts';
import { renderReply } from '../../adapters/telegram/render.ts';
import type { Services } from '../../src/core/services.ts';
import { MessageCatalogue } from '../../src/messages/catalogue.ts';
import { MESSAGE_IDS } from '../../src/messages/ids.ts';
import { startAppHarness, type AppHarness } from '../support/app-harness.ts';
import { parseTelegramHtml } from '../fakes/telegram/html.ts';

/** `message preview <id> [lang:xx]` through the real registry and dispatcher, as every surface runs it. */

const admin: Caller = { surface: 'cli', id: 'local', name: 'tester', isAdmin: true };
let overrides: string;
let ctx: CommandContext;

beforeAll(() => {
  overrides = mkdtempSync(join(tmpdir(), 'doorman-preview-'));
  mkdirSync(join(overrides, 'en'));
  writeFileSync(join(overrides, 'en', 'invite.md'), 'Come in\n\nHere: {{invite_link}}\n');
  const messages = new MessageCatalogue({ defaultLanguage: 'fr', timezone: 'Europe/Paris', templatesDir: overrides });
  ctx = { caller: admin, services: { messages } as unknown as Services };
});
afterAll(() => rmSync(overrides, { recursive: true, force: true }));

function run(line: string, context = ctx): Promise<Reply> {
  return dispatch(registry, context, parseTokens(tokenize(line)));
}

function field(reply: Reply, label: string): string | undefined {
  return reply.fields?.find((f) => f.label === label)?.value;
}

describe('message preview', () => {
  it('shows the subject and the body filled with sample values, in the language asked for', async () => {
    const reply = await run('message preview welcome lang:de');
    expect(reply.text.split('\n')[0]).toBe('**Willkommen, alice\\!**');
    expect(reply.text).toContain('[Jellyfin öffnen](https://jellyfin.example.org)');
    expect(reply.text).toContain('13. April 2027 um 20:30');
    expect(field(reply, 'language')).toBe('de');
    expect(field(reply, 'variables')).toBe('username, jellyfin_url, expires_at');
    expect(field(reply, 'template')).toMatch(/src\/messages\/templates\/de\/welcome\.md$/);
    expect(reply.data).toMatchObject({ id: 'welcome', lang: 'de', subject: 'Willkommen, alice!' });
    const html = renderReply(reply).messages.join('\n');
    expect(parseTelegramHtml(html).text).toContain('Willkommen, alice!');
  });

  it('defaults to messages.language and says when it fell back to English', async () => {
    expect(field(await run('message preview expiry_reminder'), 'language')).toBe('fr');
    const spanish = await run('message preview account_expired lang:es');
    expect(field(spanish, 'language')).toBe('en (there is no es version)');
    expect(spanish.text.split('\n')[0]).toBe('**Your Jellyfin account has expired**');
  });

  it('names a refused override next to the built-in text it shows instead', async () => {
    const reply = await run('message preview invite lang:en');
    expect(reply.text.split('\n')[0]).toBe("**You're invited to a Jellyfin server**");
    expect(field(reply, 'override refused')).toBe(`${join(overrides, 'en', 'invite.md')}: {{invite_link}} is not a variable of invite; it has invite_url, expires_at`);
  });

  it('an unknown id is refused with the list of ids', async () => {
    const error = await run('message preview welcom').catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'DomainError', code: 'not_found' });
    expect((error as Error).message).toBe(`There is no message "welcom". The messages are: ${MESSAGE_IDS.join(', ')}.`);
  });

  it('is for admins only', async () => {
    const member: CommandContext = { caller: { ...admin, surface: 'telegram', id: '7', isAdmin: false }, services: ctx.services };
    await expect(run('message preview welcome', member)).rejects.toMatchObject({ code: 'not_admin' });
  });
});

describe('message preview in the running app', () => {
  let harness: AppHarness;
  beforeAll(async () => {
    harness = await startAppHarness();
  });
  afterAll(async () => harness?.close());

  it('uses the catalogue the app built from the messages config', async () => {
    const reply = await run('message preview admin_user_created', { caller: admin, services: harness.app.services });
    expect(reply.text.split('\n')[0]).toBe('**New account: alice**');
    expect(field(reply, 'language')).toBe('en');
  });
});
