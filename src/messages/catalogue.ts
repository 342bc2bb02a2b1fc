import Mustache from 'mustache';
import { join } from 'node:path';
import { MESSAGE_IDS, variablesOf, type MessageId, type MessageVariables, type VariableValue } from './ids.ts';
import { loadTemplateDir, type MessageTemplate, type TemplateProblem, type TemplateSet } from './templates.ts';
import { prepareValues, type ValueFormat } from './values.ts';

/** The folder of the catalogue shipped with Doorman. */
export const BUILT_IN_TEMPLATES = join(import.meta.dirname, 'templates');

/** The language every message exists in; the last fallback. */
export const BASE_LANGUAGE = 'en';

export interface CatalogueOptions {
  /** messages.templates_dir: admin overrides laid out as `<lang>/<id>.md`. */
  templatesDir?: string;
  /** messages.language: for people who chose none and whose chat client says none. */
  defaultLanguage: string;
  /** messages.timezone (IANA) for every date in a message. */
  timezone: string;
  /** Told about each refused override (the built-in message is used instead). */
  log?: { warn(fields: object, message: string): void };
  /** The built-in catalogue's folder (tests point it elsewhere). */
  builtInDir?: string;
}

/** A message ready for a channel: the subject as plain text, the body as Markdown. */
export interface RenderedMessage {
  subject: string;
  markdown: string;
  /** The language actually used, after falling back (to the base language, then to English). */
  lang: string;
}

/**
 * The message catalogue: built-in templates per language, admin overrides laid over them, rendered
 * with Mustache (no HTML escaping: the output is Markdown; values are escaped as Markdown instead).
 * Files are read once, at construction; a refused override is logged and never breaks a send.
 */
export class MessageCatalogue {
  private readonly builtIn: TemplateSet;
  private readonly overrides: TemplateSet;
  private readonly refused: TemplateProblem[] = [];

  constructor(private readonly options: CatalogueOptions) {
    this.builtIn = loadTemplateDir(options.builtInDir ?? BUILT_IN_TEMPLATES, (problem) => {
      throw problem;
    });
    this.overrides = options.templatesDir ? loadTemplateDir(options.templatesDir, (problem) => this.refuse(problem)) : new Map();
  }

  /** Every language with at least one template (built in or override), sorted. */
  languages(): string[] {
    return [...new Set([...this.builtIn.keys(), ...this.overrides.keys()])].sort();
  }

  /** True when a catalogue exists for exactly this language (case-insensitive: `pt-br` finds `pt-BR`). */
  has(lang: string): boolean {
    return this.catalogueName(lang) !== undefined;
  }

  /** The overrides that were refused, as `file: reason` (for `doctor`, previews and logs). */
  problems(): string[] {
    return this.refused.map((problem) => problem.message);
  }

  /**
   * A person's language: the one they chose (`lang`), else their chat client's, else the default.
   * A regional code uses its own catalogue when there is one (`pt-BR`), else its base (`de-AT` → `de`);
   * a choice without any catalogue is skipped.
   */
  pickLanguage(input: { chosen?: string | null; client?: string | null; fallback?: string }): string {
    for (const candidate of [input.chosen, input.client]) {
      const found = candidate ? this.resolve(candidate) : undefined;
      if (found) return found;
    }
    const fallback = input.fallback ?? this.options.defaultLanguage;
    return this.resolve(fallback) ?? fallback;
  }

  /**
   * Renders one message in `lang` (falling back to its base language, then English, per message).
   * Dates and numbers are written in `lang`'s locale and messages.timezone.
   */
  render<Id extends MessageId>(id: Id, lang: string, vars: MessageVariables<Id>): RenderedMessage {
    const { template, lang: used } = this.templateFor(id, lang);
    const format: ValueFormat = { locale: localeFor(lang, used), timeZone: this.options.timezone };
    const values = vars as Record<string, VariableValue>;
    const kinds = variablesOf(id);
    const noEscape = { escape: (value: unknown) => String(value) };
    const subject = Mustache.render(template.subject, prepareValues(kinds, values, format, 'plain'), {}, noEscape);
    const markdown = Mustache.render(template.body, prepareValues(kinds, values, format, 'markdown'), {}, noEscape);
    return { subject: subject.replace(/\s+/g, ' ').trim(), markdown: tidy(markdown), lang: used };
  }

  /** The template that render would use, and its language; for previews. */
  templateFor(id: MessageId, lang: string): { template: MessageTemplate; lang: string } {
    if (!MESSAGE_IDS.includes(id)) throw new Error(`there is no message "${String(id)}"`);
    for (const candidate of fallbackChain(lang)) {
      const name = this.catalogueName(candidate);
      if (!name) continue;
      const template = this.overrides.get(name)?.get(id) ?? this.builtIn.get(name)?.get(id);
      if (template) return { template, lang: name };
    }
    const english = this.builtIn.get(BASE_LANGUAGE)?.get(id);
    if (!english) throw new Error(`the built-in catalogue has no ${BASE_LANGUAGE}/${id}.md`);
    return { template: this.overrides.get(BASE_LANGUAGE)?.get(id) ?? english, lang: BASE_LANGUAGE };
  }

  /** The exact code (as the catalogue spells it) of a language code, or of its base language. */
  private resolve(code: string): string | undefined {
    for (const candidate of fallbackChain(code)) {
      const name = this.catalogueName(candidate);
      if (name) return name;
    }
    return undefined;
  }

  private catalogueName(lang: string): string | undefined {
    const wanted = lang.trim().toLowerCase().replace(/_/g, '-');
    return this.languages().find((name) => name.toLowerCase() === wanted);
  }

  private refuse(problem: TemplateProblem): void {
    this.refused.push(problem);
    this.options.log?.warn({ file: problem.file }, `message template refused, the built-in one is used: ${problem.message}`);
  }
}

/** `de-AT` → [`de-AT`, `de`]; `en` → [`en`]. */
function fallbackChain(lang: string): string[] {
  const code = lang.trim().replace(/_/g, '-');
  const base = code.split('-')[0];
  return base !== code && base !== '' ? [code, base] : [code];
}

/** Dates follow the reader's own locale (`de-AT`) when it belongs to the template's language, else the template's. */
function localeFor(requested: string, used: string): string {
  const code = requested.trim().replace(/_/g, '-');
  const sameLanguage = code.split('-')[0].toLowerCase() === used.split('-')[0].toLowerCase();
  const candidate = sameLanguage ? code : used;
  try {
    return Intl.getCanonicalLocales(candidate)[0] ?? used;
  } catch {
    return used;
  }
}

/** Sections that rendered empty leave blank lines behind: at most one blank line in a row, none at the ends. */
function tidy(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
