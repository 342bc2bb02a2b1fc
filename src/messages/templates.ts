import Mustache from 'mustache';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isMessageId, variablesOf, type MessageId } from './ids.ts';

/** One message template: the subject line and the Markdown body, both Mustache. */
export interface MessageTemplate {
  subject: string;
  body: string;
  /** Where it came from, for warnings and previews. */
  file: string;
}

/** A template file that was refused, with the reason in words an admin can act on. */
export class TemplateProblem extends Error {
  override readonly name = 'TemplateProblem';

  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

/**
 * Reads `<id>.md`: the first line is the subject, then one blank line, then the Markdown body.
 * Throws TemplateProblem when the layout is wrong, the Mustache does not parse, or it uses a
 * variable the message does not have (a typo would otherwise print nothing, silently).
 */
export function parseTemplateFile(file: string, id: MessageId, text: string): MessageTemplate {
  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  const subject = lines[0]?.trim() ?? '';
  if (subject === '') throw new TemplateProblem(file, 'the first line must be the subject, and it is empty');
  if (lines.length < 3 || lines[1].trim() !== '') throw new TemplateProblem(file, 'the subject line must be followed by one blank line and then the message');
  const body = lines.slice(2).join('\n').trim();
  if (body === '') throw new TemplateProblem(file, 'the message after the subject line is empty');
  checkMustache(file, id, subject, 'subject');
  checkMustache(file, id, body, 'message');
  return { subject, body, file };
}

function checkMustache(file: string, id: MessageId, template: string, part: string): void {
  let spans: Mustache.TemplateSpans;
  try {
    spans = Mustache.parse(template);
  } catch (error) {
    throw new TemplateProblem(file, `the ${part} is not valid Mustache (${error instanceof Error ? error.message : String(error)})`);
  }
  const allowed = variablesOf(id);
  const unknown = [...new Set(namesUsed(spans))].filter((name) => !Object.hasOwn(allowed, name));
  if (unknown.length > 0) {
    const names = unknown.map((name) => `{{${name}}}`).join(', ');
    throw new TemplateProblem(file, `${names} ${unknown.length === 1 ? 'is not a variable' : 'are not variables'} of ${id}; it has ${Object.keys(allowed).join(', ')}`);
  }
  if (spans.some(function usesPartial(span): boolean {
    return span[0] === '>' || (Array.isArray(span[4]) && span[4].some(usesPartial));
  })) {
    throw new TemplateProblem(file, `the ${part} includes a partial ({{>…}}), which messages do not support`);
  }
}

/** Every variable name a template refers to, in values and sections, at any depth. */
function namesUsed(spans: Mustache.TemplateSpans): string[] {
  const names: string[] = [];
  for (const span of spans) {
    const [type, name] = span;
    if (type === 'name' || type === '&' || type === '#' || type === '^') names.push(name === '.' ? name : name.split('.')[0]);
    if (Array.isArray(span[4])) names.push(...namesUsed(span[4]));
  }
  return names.filter((name) => name !== '.');
}

/** language → id → template, from a folder laid out as `<lang>/<id>.md`. */
export type TemplateSet = Map<string, Map<MessageId, MessageTemplate>>;

/**
 * Loads every `<lang>/<id>.md` under `dir`. Files that are refused are reported through `onProblem`
 * and left out, so the caller falls back to the built-in one. A missing folder is one problem.
 */
export function loadTemplateDir(dir: string, onProblem: (problem: TemplateProblem) => void): TemplateSet {
  const set: TemplateSet = new Map();
  let languages: string[];
  try {
    languages = readdirSync(dir).filter((name) => statSync(join(dir, name)).isDirectory());
  } catch (error) {
    onProblem(new TemplateProblem(dir, `cannot read the templates folder (${error instanceof Error ? error.message : String(error)})`));
    return set;
  }
  for (const lang of languages) {
    if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/.test(lang)) {
      onProblem(new TemplateProblem(join(dir, lang), 'the folder name is not a language code like en, de or pt-BR'));
      continue;
    }
    set.set(lang, loadLanguage(join(dir, lang), onProblem));
  }
  return set;
}

function loadLanguage(dir: string, onProblem: (problem: TemplateProblem) => void): Map<MessageId, MessageTemplate> {
  const templates = new Map<MessageId, MessageTemplate>();
  for (const name of readdirSync(dir).filter((entry) => entry.endsWith('.md')).sort()) {
    const file = join(dir, name);
    const id = name.slice(0, -'.md'.length);
    try {
      if (!isMessageId(id)) throw new TemplateProblem(file, `there is no message "${id}"; the messages are listed in src/messages/README.md`);
      templates.set(id, parseTemplateFile(file, id, readFileSync(file, 'utf8')));
    } catch (error) {
      onProblem(error instanceof TemplateProblem ? error : new TemplateProblem(file, error instanceof Error ? error.message : String(error)));
    }
  }
  return templates;
}
