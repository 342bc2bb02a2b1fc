import type { Readable, Writable } from 'node:stream';
import pino from 'pino';
import pinoPretty from 'pino-pretty';
import { renderForScript } from '../adapters/console/render.ts';
import { renderOutcome, runRepl } from '../adapters/console/repl.ts';
import { crashMessage, execute, exitCodeOf, localCaller, takeFlags, type ConsoleSession, type Outcome } from '../adapters/console/session.ts';
import { createApp, type App } from './app.ts';
import { ConfigError, configPath, loadConfigFile } from './config/load.ts';
import type { Config } from './config/schema.ts';
import { migrateToLatest, migrator, openDatabase } from './db/database.ts';
import { demoBanner, startDemo } from './demo.ts';
import { runDoctor } from './doctor.ts';
import { commandsVerb } from './commands-verb.ts';
import { createLogger, REDACT_PATHS, type Logger } from './log.ts';
import { matrixVerb } from './matrix-login.ts';

/**
 * The `doorman` command line. Verbs, flags, printed output and exit codes are a public contract
 * (README, "Interface other tools script against"): 0 done, 2 refused / usage / not confirmed, 1 crashed.
 */

export interface CliIo {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable;
  stdin: Readable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** Resolves when the process is asked to stop; SIGINT/SIGTERM by default. */
  untilStopped?: () => Promise<string>;
}

interface CliArgs {
  verb?: string;
  config?: string;
  port?: string;
  help: boolean;
  /** Everything else, one argv element per token, never re-split. */
  rest: string[];
}

type Verb = (args: CliArgs, io: CliIo) => Promise<number>;

export const USAGE = `Usage: doorman <verb> [--config FILE] …

  start                     serve the sign-up pages and the REST API
  demo [--port N]           try Doorman against a built-in Jellyfin stand-in (fresh data in data/demo)
  run <command words> [name:value …] [--yes] [--json]
                            run one command and exit: 0 done; 2 refused, usage error or not
                            confirmed (message on stderr); 1 crashed
  console                   an interactive prompt for the same commands
  doctor                    check the config, the database and the Jellyfin connection
  migrate [down]            apply pending database migrations (down: undo the last one)
  apikey create name:NAME   create a REST API key; the key is the last line printed
  matrix login [--password-stdin]
                            log the Matrix bot in (password asked, or read from stdin) and
                            store its access token in the database
  commands register         register the Discord slash commands now (guild-scoped admin
                            commands when discord.guild_id is set)

The config is read from --config FILE, else $DOORMAN_CONFIG, else ./doorman.yaml.
"doorman run help" lists the commands. A list prints one line per row on stdout; its
heading goes to stderr.
`;

const VERBS: Record<string, Verb> = {
  start: startVerb,
  demo: demoVerb,
  run: runVerb,
  console: consoleVerb,
  doctor: doctorVerb,
  commands: (args, io) => commandsVerb(args.rest, () => loadConfig(args, io), cliLogger, io),
  migrate: migrateVerb,
  apikey: (args, io) => runVerb({ ...args, rest: ['apikey', ...args.rest] }, io),
  help: async (_args, io) => (io.stdout.write(USAGE), 0),
  matrix: (args, io) => matrixVerb(args.rest, () => loadConfig(args, io), io),
};

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help || !args.verb) {
    (args.help ? io.stdout : io.stderr).write(USAGE);
    return args.help ? 0 : 2;
  }
  const verb = VERBS[args.verb];
  if (!verb) {
    io.stderr.write(`doorman: there is no verb "${args.verb}".\n\n${USAGE}`);
    return 2;
  }
  try {
    return await verb(args, io);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr.write(`${error.message}\n`);
      return 2;
    }
    io.stderr.write(`doorman ${args.verb}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = { help: false, rest: [] };
  let verbatim = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const valueOf = (flag: string) => {
      if (arg.startsWith(`${flag}=`)) return arg.slice(flag.length + 1);
      const value = argv[++i];
      if (value === undefined) throw new Error(`doorman: ${flag} needs a value.`);
      return value;
    };
    if (verbatim) args.rest.push(arg);
    else if (arg === '--') verbatim = true;
    else if (arg === '--config' || arg.startsWith('--config=')) args.config = valueOf('--config');
    else if (args.verb === 'demo' && (arg === '--port' || arg.startsWith('--port='))) args.port = valueOf('--port');
    else if (arg === '--help' || arg === '-h') args.help = true;
    else if (!args.verb && arg.startsWith('-')) throw new Error(`doorman: unknown flag ${arg}.`);
    else if (!args.verb) args.verb = arg;
    else args.rest.push(arg);
  }
  return args;
}

function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
}

function loadConfig(args: CliArgs, io: CliIo): Config {
  return loadConfigFile(configPath(args.config, io.env), io.env);
}

/**
 * `run` and `console` keep stdout for replies, so their logs go to stderr; a one-shot command
 * reports through its reply, so the default `info` level is raised to `warn` there.
 */
export function cliLogger(config: Config): Logger {
  const level = config.log.level === 'info' ? 'warn' : config.log.level;
  return config.log.pretty ? prettyLogger(level, 2) : pino({ level, redact: REDACT }, pino.destination({ fd: 2, sync: true }));
}

const REDACT = { paths: REDACT_PATHS, censor: '[redacted]' };

/** Human-readable and synchronous, so log lines and printed text appear in the order they happen. */
function prettyLogger(level: string, fd: 1 | 2): Logger {
  return pino({ level, redact: REDACT }, pinoPretty({ destination: fd, sync: true, ignore: 'pid,hostname' }));
}

function sessionOf(app: App): ConsoleSession {
  return { registry: app.registry, context: { caller: localCaller(), services: app.services }, log: app.log };
}

async function runVerb(args: CliArgs, io: CliIo): Promise<number> {
  if (takeFlags(args.rest).tokens.length === 0) {
    io.stderr.write('doorman run needs a command, e.g. doorman run invite list ("doorman run help" lists them).\n');
    return 2;
  }
  const config = loadConfig(args, io);
  const app = await createApp(config, { log: cliLogger(config) });
  try {
    const outcome = await execute(sessionOf(app), args.rest);
    printForScript(outcome, io);
    return exitCodeOf(outcome);
  } finally {
    await app.close();
  }
}

function printForScript(outcome: Outcome, io: CliIo): void {
  if (outcome.status === 'ok' && outcome.json) {
    io.stdout.write(`${JSON.stringify({ reply: outcome.reply }, null, 2)}\n`);
  } else if (outcome.status === 'ok') {
    const { stdout, stderr } = renderForScript(outcome.reply);
    if (stderr) io.stderr.write(stderr);
    if (stdout) io.stdout.write(stdout);
  } else if (outcome.status === 'refused') {
    io.stderr.write(`${renderOutcome(outcome)}\n`);
  } else {
    io.stderr.write(`${crashMessage(outcome.errorId)}\n`);
  }
}

async function consoleVerb(args: CliArgs, io: CliIo): Promise<number> {
  const config = loadConfig(args, io);
  const app = await createApp(config, { log: cliLogger(config) });
  try {
    const terminal = Boolean(io.stdin.isTTY && io.stdout.isTTY);
    await runRepl(sessionOf(app), { input: io.stdin, output: io.stdout, terminal });
    return 0;
  } finally {
    await app.close();
  }
}

async function startVerb(args: CliArgs, io: CliIo): Promise<number> {
  const config = loadConfig(args, io);
  const app = await createApp(config, { log: createLogger(config.log) });
  try {
    await app.listen();
    const signal = await (io.untilStopped ?? untilSignal)();
    app.log.info({ signal }, 'stopping');
    return 0;
  } finally {
    await app.close();
  }
}

async function demoVerb(args: CliArgs, io: CliIo): Promise<number> {
  const portText = args.port ?? io.env.DOORMAN_DEMO_PORT;
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    io.stderr.write(`doorman demo: --port expects a port number, got "${portText}".\n`);
    return 2;
  }
  const base = args.config ? loadConfig(args, io) : undefined;
  const demo = await startDemo({ port, base, log: prettyLogger(base?.log.level ?? 'info', 1) });
  try {
    io.stdout.write(demoBanner(demo));
    const stopped = new AbortController();
    const signal = (io.untilStopped ?? untilSignal)().then(() => stopped.abort());
    if (io.stdin.isTTY) {
      await runRepl(sessionOf(demo.app), { input: io.stdin, output: io.stdout, terminal: true, signal: stopped.signal });
    } else {
      await signal;
    }
    return 0;
  } finally {
    await demo.close();
  }
}

async function doctorVerb(args: CliArgs, io: CliIo): Promise<number> {
  const file = configPath(args.config, io.env);
  const config = loadConfigFile(file, io.env);
  return runDoctor(config, { configFile: file, log: cliLogger(config), write: (line) => io.stdout.write(`${line}\n`) });
}

async function migrateVerb(args: CliArgs, io: CliIo): Promise<number> {
  const direction = args.rest[0] ?? 'up';
  if (!['up', 'down'].includes(direction) || args.rest.length > 1) {
    io.stderr.write('Usage: doorman migrate [up|down] [--config FILE]\n');
    return 2;
  }
  const config = loadConfig(args, io);
  const db = openDatabase(config.database.url, config.data_dir);
  try {
    const result = direction === 'up' ? await migrateToLatest(db) : await migrator(db).migrateDown();
    if (result.error) throw new Error(`undoing the last migration failed: ${String(result.error)}`, { cause: result.error });
    const done = result.results ?? [];
    for (const step of done) io.stdout.write(`${step.direction === 'Up' ? 'applied' : 'undone'}: ${step.migrationName}\n`);
    if (done.length === 0) io.stdout.write(direction === 'up' ? 'The database is up to date.\n' : 'There is no migration to undo.\n');
    return 0;
  } finally {
    await db.destroy();
  }
}

function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
