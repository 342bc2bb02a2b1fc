import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { dispatch, resolveCommand } from '../../commands/dispatch.ts';
import { isDomainError, type DomainError } from '../../commands/errors.ts';
import { parseTokens } from '../../commands/parse.ts';
import type { Reply } from '../../commands/reply.ts';
import type { Caller, CommandContext, CommandDef } from '../../commands/types.ts';
import type { Logger } from '../../src/log.ts';

/** What running one command line came to; both `doorman run` and the REPL print from this. */
export type Outcome =
  | { status: 'ok'; reply: Reply; json: boolean }
  | { status: 'refused'; error: DomainError; json: boolean }
  | { status: 'crashed'; errorId: string; json: boolean };

/** `doorman run` exit codes: part of the scripting contract. */
export const EXIT_CODE = { ok: 0, crashed: 1, refused: 2 } as const;

export interface ConsoleSession {
  registry: readonly CommandDef[];
  context: CommandContext;
  log: Pick<Logger, 'error'>;
}

/** The person at the local terminal: whoever can read the config is trusted as an admin. */
export function localCaller(): Caller {
  let name = 'local';
  try {
    name = userInfo().username || name;
  } catch {
    // Some containers run as a uid without a passwd entry; the id still says where it came from.
  }
  return { surface: 'cli', id: 'local', name, isAdmin: true };
}

const FLAGS = new Set(['--yes', '-y', '--json']);

/** Separates the console's own flags from the command's tokens. Tokens themselves are never re-split. */
export function takeFlags(tokens: string[]): { tokens: string[]; yes: boolean; json: boolean } {
  return {
    tokens: tokens.filter((token) => !FLAGS.has(token)),
    yes: tokens.includes('--yes') || tokens.includes('-y'),
    json: tokens.includes('--json'),
  };
}

/** Runs one command from its tokens. Refusals and crashes are outcomes, never thrown. */
export async function execute(session: ConsoleSession, rawTokens: string[]): Promise<Outcome> {
  const { tokens, yes, json } = takeFlags(rawTokens);
  try {
    const invocation = parseTokens(tokens);
    const resolved = resolveCommand(session.registry, invocation.words);
    const takesConfirm = resolved && 'confirm' in resolved.command.options.shape;
    // --yes answers the confirmation of destructive commands; other commands do not need it.
    if (yes && takesConfirm && !('confirm' in invocation.options)) invocation.options.confirm = 'true';
    const reply = await dispatch(session.registry, session.context, invocation);
    return { status: 'ok', reply, json };
  } catch (error) {
    if (isDomainError(error)) return { status: 'refused', error, json };
    const errorId = randomUUID().slice(0, 8);
    session.log.error({ err: error, errorId, command: tokens.slice(0, 3).join(' ') }, 'command failed unexpectedly');
    return { status: 'crashed', errorId, json };
  }
}

export function exitCodeOf(outcome: Outcome): number {
  return EXIT_CODE[outcome.status];
}

export function crashMessage(errorId: string): string {
  return `Something went wrong on our side (error ${errorId}). The details are in the log.`;
}
