import type { z } from 'zod';
import type { CommandDef } from '../../commands/types.ts';
import { describeOption } from '../../commands/format.ts';
import { quoteValue } from './typed-line.ts';

/**
 * Commands Discord answers with a form (a modal) instead of slash options: two names typed
 * together (the profile and its new name) read better as labelled boxes than as a one-line
 * command. The form only collects text; the typed line it makes runs like any other.
 */
export const FORM_COMMANDS: ReadonlySet<string> = new Set(['profile rename']);

/** The custom id of a command's form: `form:` and the command's words. */
const FORM_PREFIX = 'form:';
const TITLE_LIMIT = 45;
const LABEL_LIMIT = 45;
/** Discord's limit for text inputs in one modal. */
const FIELD_LIMIT = 5;

export function isFormCommand(def: CommandDef): boolean {
  return FORM_COMMANDS.has(def.name) && Object.keys(def.options.shape).length <= FIELD_LIMIT;
}

/** The modal (raw API shape) with one short text input per option, required as the definition says. */
export function formModal(def: CommandDef): {
  custom_id: string;
  title: string;
  components: { type: 1; components: { type: 4; custom_id: string; style: 1; label: string; required: boolean }[] }[];
} {
  const shape = def.options.shape as Record<string, z.ZodType>;
  const components = Object.entries(shape).map(([name, schema]) => {
    const description = describeOption(schema);
    const input = {
      type: 4 as const, custom_id: name, style: 1 as const,
      label: clip(description || name, LABEL_LIMIT),
      required: !schema.safeParse(undefined).success,
    };
    return { type: 1 as const, components: [input] };
  });
  return { custom_id: `${FORM_PREFIX}${def.name}`, title: clip(capitalise(def.name), TITLE_LIMIT), components };
}

/** The command a submitted form belongs to; undefined for a modal Doorman did not make. */
export function formCommand(customId: string, registry: readonly CommandDef[]): CommandDef | undefined {
  if (!customId.startsWith(FORM_PREFIX)) return undefined;
  const def = registry.find((candidate) => candidate.name === customId.slice(FORM_PREFIX.length));
  return def && isFormCommand(def) ? def : undefined;
}

/** The typed line of a submitted form: the command's words, then each filled box as `name:value`. */
export function formLine(def: CommandDef, fields: ReadonlyMap<string, string>): string {
  const words = [def.name];
  for (const name of Object.keys(def.options.shape)) {
    const value = fields.get(name)?.trim();
    if (value) words.push(`${name}:${quoteValue(value)}`);
  }
  return words.join(' ');
}

function clip(text: string, limit: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= limit ? oneLine : `${oneLine.slice(0, limit - 1)}…`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
