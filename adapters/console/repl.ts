import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { isDomainError } from '../../commands/errors.ts';
import { tokenize } from '../../commands/parse.ts';
import { renderReply } from './render.ts';
import { crashMessage, execute, type ConsoleSession, type Outcome } from './session.ts';

export interface ReplOptions {
  input: Readable;
  output: Writable;
  /** Line editing and history when the input is a terminal. */
  terminal?: boolean;
  banner?: string;
  /** Ends the loop from outside (the demo stops on SIGTERM while the prompt is open). */
  signal?: AbortSignal;
}

export const PROMPT = 'doorman> ';

/**
 * The `doorman console` loop: one command per line, typed as in chat (quotes keep spaces).
 * `exit`, `quit`, Ctrl-D or Ctrl-C leave; a refused or failed command is printed and the loop goes on.
 */
export async function runRepl(session: ConsoleSession, options: ReplOptions): Promise<void> {
  const rl = createInterface({ input: options.input, output: options.output, prompt: PROMPT, terminal: options.terminal ?? false });
  rl.on('SIGINT', () => rl.close());
  options.signal?.addEventListener('abort', () => rl.close(), { once: true });
  const write = (text: string) => options.output.write(text.endsWith('\n') ? text : `${text}\n`);
  if (options.banner) write(options.banner);
  write('Type help for the commands, exit to leave.');
  rl.prompt();
  try {
    for await (const line of rl) {
      const tokens = readTokens(line, write);
      if (tokens && tokens.length > 0) {
        if (tokens.length === 1 && ['exit', 'quit'].includes(tokens[0].toLowerCase())) break;
        write(renderOutcome(await execute(session, tokens)));
      }
      rl.prompt();
    }
  } finally {
    rl.close();
  }
}

function readTokens(line: string, write: (text: string) => void): string[] | null {
  try {
    return tokenize(line);
  } catch (error) {
    write(isDomainError(error) ? error.message : String(error));
    return null;
  }
}

export function renderOutcome(outcome: Outcome): string {
  if (outcome.status === 'ok') return outcome.json ? JSON.stringify({ reply: outcome.reply }, null, 2) : renderReply(outcome.reply);
  if (outcome.status === 'refused') return outcome.json ? JSON.stringify({ error: outcome.error.toJSON() }, null, 2) : outcome.error.message;
  return crashMessage(outcome.errorId);
}
