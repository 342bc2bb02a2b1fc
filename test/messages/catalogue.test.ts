import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILT_IN_TEMPLATES, MessageCatalogue } from '../../src/messages/catalogue.ts';
import { MESSAGE_IDS, MESSAGE_VARIABLES, SAMPLE_VARIABLES, variablesOf } from '../../src/messages/ids.ts';
import { parseTemplateFile } from '../../src/messages/templates.ts';

/** The shipped catalogue, overrides, fallbacks, dates and escaping, through the public API. */

const SHIPPED = ['de', 'en', 'fr'];
const dirs: string[] = [];

function overrideDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'doorman-templates-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function catalogue(options: { templatesDir?: string; timezone?: string; warnings?: string[] } = {}): MessageCatalogue {
  const log = { warn: (_fields: object, message: string) => options.warnings?.push(message) };
  return new MessageCatalogue({ defaultLanguage: 'en', timezone: options.timezone ?? 'UTC', templatesDir: options.templatesDir, log });
}

describe('the shipped catalogue', () => {
  it('has every message id in en, de and fr, and nothing else', () => {
    expect(catalogue().languages()).toEqual(SHIPPED);
    for (const lang of SHIPPED) {
      expect(readdirSync(join(BUILT_IN_TEMPLATES, lang)).sort()).toEqual(MESSAGE_IDS.map((id) => `${id}.md`).sort());
    }
  });

  it('every template parses, uses only its own variables, and uses every variable somewhere in some language', () => {
    for (const id of MESSAGE_IDS) {
      const used = new Set<string>();
      for (const lang of SHIPPED) {
        const file = join(BUILT_IN_TEMPLATES, lang, `${id}.md`);
        const text = readFileSync(file, 'utf8');
        expect(() => parseTemplateFile(file, id, text)).not.toThrow();
        for (const match of text.matchAll(/\{\{[#^/]?\s*([a-z_]+)\s*\}\}/g)) used.add(match[1]);
      }
      const unused = Object.keys(variablesOf(id)).filter((name) => !used.has(name) && !['days_left'].includes(name));
      expect({ id, unused }).toEqual({ id, unused: [] });
    }
  });

  it('renders every message in every language with its sample values: a subject, a body, no Mustache left, no translation a copy of English', () => {
    const messages = catalogue();
    for (const id of MESSAGE_IDS) {
      const english = messages.render(id, 'en', SAMPLE_VARIABLES[id]);
      for (const lang of SHIPPED) {
        const rendered = messages.render(id, lang, SAMPLE_VARIABLES[id]);
        expect(rendered.lang).toBe(lang);
        expect(rendered.subject.length).toBeGreaterThan(5);
        expect(rendered.subject).not.toMatch(/[\n{}]/);
        expect(rendered.markdown.length).toBeGreaterThan(20);
        expect(rendered.markdown).not.toMatch(/\{\{|\}\}|\n\n\n/);
        if (lang !== 'en') {
          expect(rendered.subject).not.toBe(english.subject);
          expect(rendered.markdown).not.toBe(english.markdown);
        }
      }
    }
  });

  it('sections drop out cleanly when their variable is missing', () => {
    const messages = catalogue();
    const full = messages.render('account_disabled', 'en', { username: 'alice', reason: 'taking a break' });
    expect(full.markdown).toContain('Reason: taking a break');
    const bare = messages.render('account_disabled', 'en', { username: 'alice' });
    expect(bare.markdown).not.toContain('Reason');
    expect(bare.markdown).not.toMatch(/\n\n\n/);
    expect(messages.render('admin_invite_expired', 'en', { invite_code: 'abc', uses: 0 }).markdown).toContain('- sign-ups: none');
    expect(messages.render('expiry_adjusted', 'fr', { username: 'alice' }).markdown).toContain("n'expire plus");
  });

  it('the variable list is typed per message and matches the samples', () => {
    for (const id of MESSAGE_IDS) expect(Object.keys(SAMPLE_VARIABLES[id]).sort()).toEqual(Object.keys(MESSAGE_VARIABLES[id]).sort());
  });
});

describe('languages and fallback', () => {
  it('falls back to English for a language without a catalogue, and says so', () => {
    const rendered = catalogue().render('welcome', 'es', { username: 'alice' });
    expect(rendered.lang).toBe('en');
    expect(rendered.subject).toBe('Welcome, alice!');
  });

  it('uses the base language for a regional code, with dates in the regional locale', () => {
    const rendered = catalogue({ timezone: 'Europe/Vienna' }).render('expiry_reminder', 'de-AT', { username: 'alice', expires_at: '2027-01-14T18:30:00Z' });
    expect(rendered.lang).toBe('de');
    expect(rendered.markdown).toContain('**14. Jänner 2027 um 19:30**');
  });

  it('falls back to English per message when a language lacks one (an admin catalogue for a new language)', () => {
    const dir = overrideDir({ 'es/welcome.md': '¡Bienvenido, {{username}}!\n\nTu cuenta está lista, **{{username}}**.\n' });
    const messages = catalogue({ templatesDir: dir });
    expect(messages.languages()).toEqual(['de', 'en', 'es', 'fr']);
    expect(messages.has('es')).toBe(true);
    expect(messages.render('welcome', 'es', { username: 'ana' })).toMatchObject({ subject: '¡Bienvenido, ana!', lang: 'es' });
    expect(messages.render('account_deleted', 'es', { username: 'ana' })).toMatchObject({ lang: 'en', subject: 'Your Jellyfin account was deleted' });
  });

  it('pickLanguage: chosen, else the client language (de-AT → de unless a regional catalogue exists), else the default', () => {
    const messages = catalogue();
    expect(messages.pickLanguage({ chosen: 'fr', client: 'de-AT', fallback: 'en' })).toBe('fr');
    expect(messages.pickLanguage({ client: 'de-AT', fallback: 'en' })).toBe('de');
    expect(messages.pickLanguage({ chosen: 'es', client: 'DE', fallback: 'en' })).toBe('de');
    expect(messages.pickLanguage({ chosen: null, client: null, fallback: 'fr' })).toBe('fr');
    expect(messages.pickLanguage({})).toBe('en');
    const regional = catalogue({ templatesDir: overrideDir({ 'de-AT/welcome.md': 'Servus, {{username}}!\n\nGrüß dich!\n' }) });
    expect(regional.pickLanguage({ client: 'de-at', fallback: 'en' })).toBe('de-AT');
    expect(regional.render('welcome', 'de-AT', { username: 'sepp' })).toMatchObject({ subject: 'Servus, sepp!', lang: 'de-AT' });
    expect(regional.render('account_deleted', 'de-AT', { username: 'sepp' }).lang).toBe('de');
  });
});

describe('dates', () => {
  it('are written in the reader’s locale and messages.timezone, from a Date, ISO text or epoch milliseconds', () => {
    const at = new Date('2027-03-14T18:30:00Z');
    const berlin = catalogue({ timezone: 'Europe/Berlin' });
    expect(berlin.render('expiry_reminder', 'de', { expires_at: at }).markdown).toContain('**14. März 2027 um 19:30**');
    expect(berlin.render('expiry_reminder', 'en', { expires_at: at.toISOString() }).markdown).toContain('**March 14, 2027 at 7:30 PM**');
    expect(berlin.render('expiry_reminder', 'fr', { expires_at: at.getTime() }).markdown).toContain('**14 mars 2027 à 19:30**');
    const tokyo = catalogue({ timezone: 'Asia/Tokyo' });
    expect(tokyo.render('expiry_reminder', 'en', { expires_at: at }).markdown).toContain('**March 15, 2027 at 3:30 AM**');
  });
});

describe('values cannot inject Markdown', () => {
  it('escapes links, emphasis, code and line-start markers in a person’s words, and keeps them on one line', () => {
    const rendered = catalogue().render('account_disabled', 'en', { username: 'a_b*c', reason: '[click](https://evil.example) `x` **loud**\n# big\n- item' });
    expect(rendered.markdown).toContain('**a\\_b\\*c**');
    expect(rendered.markdown).toContain('Reason: \\[click\\]\\(https://evil.example\\) \\`x\\` \\*\\*loud\\*\\* \\# big - item');
  });

  it('escapes a value that would start a list or quote where it begins a line', () => {
    const dir = overrideDir({ 'en/account_deleted.md': 'Bye\n\n{{reason}}\n' });
    const rendered = catalogue({ templatesDir: dir }).render('account_deleted', 'en', { reason: '- 1. > not a list' });
    expect(rendered.markdown).toBe('\\- 1. \\> not a list');
    expect(catalogue({ templatesDir: dir }).render('account_deleted', 'en', { reason: '12. ordered' }).markdown).toBe('12\\. ordered');
  });

  it('keeps the subject as plain text (no backslashes), links safe, codes unescaped and admin Markdown as written', () => {
    const messages = catalogue();
    expect(messages.render('admin_user_created', 'en', { username: 'a_b*c' }).subject).toBe('New account: a_b*c');
    const welcome = messages.render('welcome', 'en', { username: 'x', jellyfin_url: 'https://j.example/a b(c)' });
    expect(welcome.markdown).toContain('[Open Jellyfin](https://j.example/a%20b%28c%29)');
    expect(messages.render('welcome', 'en', { jellyfin_url: 'javascript:alert(1)' }).markdown).not.toContain('javascript');
    expect(messages.render('password_reset', 'en', { pin: 'AB_C`D' }).markdown).toContain('`AB_CD`');
    expect(messages.render('announcement', 'en', { message: 'Movie **night**' }).markdown).toContain('Movie **night**');
  });
});

describe('admin overrides', () => {
  it('an override replaces the built-in message for its language only', () => {
    const dir = overrideDir({ 'en/welcome.md': 'Hey {{username}}\n\nYour account is ready{{#expires_at}} until {{expires_at}}{{/expires_at}}.\n' });
    const messages = catalogue({ templatesDir: dir });
    expect(messages.render('welcome', 'en', { username: 'alice' })).toEqual({ subject: 'Hey alice', markdown: 'Your account is ready.', lang: 'en' });
    expect(messages.render('welcome', 'de', { username: 'alice' }).subject).toBe('Willkommen, alice!');
    expect(messages.problems()).toEqual([]);
  });

  it('a broken override is refused with the file and the reason, logged, and the built-in one is used', () => {
    const warnings: string[] = [];
    const dir = overrideDir({
      'en/welcome.md': 'Hi {{usernme}}\n\nWelcome!\n',
      'en/invite.md': 'Invite\n\n{{#invite_url}}Open it\n',
      'de/account_deleted.md': 'No blank line\nafter the subject\n',
      'en/welcom.md': 'Typo\n\nin the file name\n',
      'fr/password_reset.md': 'Reset\n\n{{> partial}}\n',
    });
    const messages = catalogue({ templatesDir: dir, warnings });
    const problems = messages.problems();
    expect(problems).toHaveLength(5);
    expect(problems).toContainEqual(`${join(dir, 'en/welcome.md')}: {{usernme}} is not a variable of welcome; it has username, jellyfin_url, expires_at`);
    expect(problems.find((p) => p.startsWith(join(dir, 'en/invite.md')))).toMatch(/is not valid Mustache \(Unclosed section "invite_url"/);
    expect(problems.find((p) => p.startsWith(join(dir, 'de/account_deleted.md')))).toContain('followed by one blank line');
    expect(problems.find((p) => p.startsWith(join(dir, 'en/welcom.md')))).toContain('there is no message "welcom"');
    expect(problems.find((p) => p.startsWith(join(dir, 'fr/password_reset.md')))).toContain('partial');
    expect(warnings).toHaveLength(5);
    expect(warnings[0]).toMatch(/^message template refused, the built-in one is used: /);
    expect(messages.render('welcome', 'en', { username: 'alice' }).subject).toBe('Welcome, alice!');
    expect(messages.render('invite', 'en', {}).subject).toBe("You're invited to a Jellyfin server");
    expect(messages.render('account_deleted', 'de', {}).subject).toBe('Dein Jellyfin-Konto wurde gelöscht');
  });

  it('a missing override folder is one problem, not a crash', () => {
    const messages = catalogue({ templatesDir: join(tmpdir(), 'doorman-no-such-folder') });
    expect(messages.problems()).toHaveLength(1);
    expect(messages.problems()[0]).toContain('cannot read the templates folder');
    expect(messages.render('welcome', 'en', { username: 'a' }).subject).toBe('Welcome, a!');
  });
});
