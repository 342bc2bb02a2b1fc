import { z } from 'zod';
import { DomainError, type FieldProblem } from '../src/core/errors.ts';
import type { Invocation } from './parse.ts';
import type { Reply } from './reply.ts';
import { isPrivate, type Caller, type CommandContext, type CommandDef } from './types.ts';

export interface Resolved {
  command: CommandDef;
  /** Words after the command's name: they are positionals. */
  extra: string[];
}

/** Finds the command whose name is the longest prefix of the typed words. */
export function resolveCommand(registry: readonly CommandDef[], words: string[]): Resolved | null {
  let best: Resolved | null = null;
  for (const command of registry) {
    const name = command.name.split(' ');
    const matches = name.length <= words.length && name.every((word, i) => word === words[i].toLowerCase());
    if (matches && (!best || name.length > best.command.name.split(' ').length)) {
      best = { command, extra: words.slice(name.length) };
    }
  }
  return best;
}

/** The options bare words fill, in order. */
export function positionalNames(command: CommandDef): string[] {
  if (!command.positional) return [];
  return Array.isArray(command.positional) ? command.positional : [command.positional];
}

export function usage(command: CommandDef): string {
  const shape = command.options.shape as Record<string, z.ZodType>;
  const positionals = positionalNames(command);
  const parts = Object.entries(shape).map(([name, schema]) => {
    const text = positionals.includes(name) ? `<${name}>` : `${name}:…`;
    return schema.safeParse(undefined).success ? `[${text}]` : text;
  });
  return [command.name, ...parts].join(' ');
}

/**
 * Validates an invocation against the command's schema and runs it after the access guard.
 * Text surfaces pass strings; REST passes JSON values in `options`. Refusals are DomainErrors.
 */
export async function dispatch(registry: readonly CommandDef[], ctx: CommandContext, invocation: Invocation): Promise<Reply> {
  const resolved = resolveCommand(registry, invocation.words);
  if (!resolved) {
    // A first word with digits or symbols is parsed as a positional: name it all the same.
    const typed = invocation.words.join(' ') || invocation.positional[0] || '(nothing)';
    throw new DomainError('usage', `There is no command "${typed}". Use help to list the commands.`);
  }
  const { command } = resolved;
  guard(command, ctx);
  const args = bindArguments(command, invocation.options, [...resolved.extra, ...invocation.positional]);
  return command.run(ctx, args);
}

/** Whether the caller passes the command's access rule (the DM rule aside): what help lists. */
export function mayRun(command: CommandDef, caller: Caller): boolean {
  if (command.access === 'admin') return caller.isAdmin;
  if (command.access === 'linked') return caller.account !== undefined;
  return true;
}

/**
 * The one guard pipeline, run before every handler on every surface: access first (so a stranger
 * learns nothing more from a DM-only refusal), then the private-chat rule. The wording is the same
 * everywhere; chat adapters only render it.
 */
export function guard(command: CommandDef, ctx: CommandContext): void {
  const { caller } = ctx;
  if (command.access === 'admin' && !caller.isAdmin) {
    throw new DomainError('not_admin', `Only admins may run ${command.name}.`);
  }
  if (command.access === 'linked' && !caller.account) {
    throw new DomainError('not_linked', `${command.name} needs a Jellyfin account linked to this chat. Send link to link yours.`);
  }
  if (command.dmOnly && !isPrivate(caller)) {
    throw new DomainError('dm_only', `${command.name} shows private details, so it only works in a private chat with me. Send it to me directly.`);
  }
}

export function bindArguments(command: CommandDef, options: Record<string, unknown>, positional: string[]): Record<string, unknown> {
  const input: Record<string, unknown> = { ...options };
  const shape = command.options.shape as Record<string, z.ZodType>;
  for (const name of Object.keys(input)) {
    if (!(name in shape)) {
      throw new DomainError('usage', `${command.name} has no option "${name}". Usage: ${usage(command)}`, { field: name });
    }
  }
  if (positional.length > 0) fillPositionals(command, input, positional);
  const result = command.options.safeParse(input);
  if (!result.success) {
    // zod 4 leaves `issue.input` unset unless asked, so whether the option was given is read from the input itself.
    const problems: FieldProblem[] = result.error.issues.map((issue) => ({
      field: issue.path.join('.') || 'options',
      message: issue.code === 'invalid_type' && input[String(issue.path[0])] === undefined ? 'is required' : issue.message,
    }));
    const summary = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
    throw new DomainError('validation', `${summary}. Usage: ${usage(command)}`, { problems });
  }
  return result.data as Record<string, unknown>;
}

/** Bare words fill the positional options in order; a list option takes every remaining word. */
function fillPositionals(command: CommandDef, input: Record<string, unknown>, positional: string[]): void {
  const shape = command.options.shape as Record<string, z.ZodType>;
  const targets = positionalNames(command).filter((name) => !(name in input));
  let next = 0;
  for (const target of targets) {
    if (next >= positional.length) return;
    const isList = shape[target] instanceof z.ZodArray || unwrap(shape[target]) instanceof z.ZodArray;
    input[target] = isList ? positional.slice(next) : positional[next];
    next = isList ? positional.length : next + 1;
  }
  if (next < positional.length) {
    throw new DomainError('usage', `Unexpected "${positional.slice(next).join(' ')}". Usage: ${usage(command)}`);
  }
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current: z.ZodType = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodDefault) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}
