import { invalidFormBody, type RestError } from './errors.ts';
import type { Snowflakes } from './world.ts';

/** An application command as stored and answered (the bot's body plus id, application_id, version). */
export type StoredCommand = Record<string, unknown> & { id: string; name: string };

const NAME = /^[-_\p{L}\p{N}]{1,32}$/u;
const SUB_COMMAND = 1;
const SUB_COMMAND_GROUP = 2;
const VALID_OPTION_TYPES = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);

function checkName(name: unknown, at: string): RestError | undefined {
  if (typeof name !== 'string' || !NAME.test(name) || name !== name.toLowerCase()) {
    return invalidFormBody(`${at}.name`, 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
  }
  return undefined;
}

function checkDescription(description: unknown, at: string): RestError | undefined {
  if (typeof description !== 'string' || description.length < 1 || description.length > 100) {
    return invalidFormBody(`${at}.description`, 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
  }
  return undefined;
}

function checkChoices(choices: unknown, at: string): RestError | undefined {
  if (choices === undefined) return undefined;
  if (!Array.isArray(choices) || choices.length > 25) return invalidFormBody(`${at}.choices`, 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  for (const [index, choice] of choices.entries()) {
    const name = (choice as { name?: unknown }).name;
    if (typeof name !== 'string' || name.length < 1 || name.length > 100) {
      return invalidFormBody(`${at}.choices.${index}.name`, 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
    }
  }
  return undefined;
}

/** Checks one option and, for subcommands and groups, what they contain. */
function checkOption(option: Record<string, unknown>, at: string, parentType: number | undefined): RestError | undefined {
  const type = option.type;
  if (typeof type !== 'number' || !VALID_OPTION_TYPES.has(type)) {
    return invalidFormBody(`${at}.type`, 'BASE_TYPE_CHOICES', `Value must be one of ${[...VALID_OPTION_TYPES].join(', ')}.`);
  }
  if (parentType === SUB_COMMAND_GROUP && type !== SUB_COMMAND) {
    return invalidFormBody(`${at}.type`, 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'Subcommand groups may only contain subcommands');
  }
  if (parentType === SUB_COMMAND && (type === SUB_COMMAND || type === SUB_COMMAND_GROUP)) {
    return invalidFormBody(`${at}.type`, 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'Subcommands may not contain subcommands');
  }
  const problem = checkName(option.name, at) ?? checkDescription(option.description, at) ?? checkChoices(option.choices, at);
  if (problem) return problem;
  if (type === SUB_COMMAND || type === SUB_COMMAND_GROUP) return checkOptions(option.options, `${at}.options`, type);
  return undefined;
}

function checkOptions(options: unknown, at: string, parentType: number | undefined): RestError | undefined {
  if (options === undefined) return undefined;
  if (!Array.isArray(options) || options.length > 25) return invalidFormBody(at, 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  let optionalSeen = false;
  for (const [index, option] of (options as Record<string, unknown>[]).entries()) {
    const problem = checkOption(option, `${at}.${index}`, parentType);
    if (problem) return problem;
    if (option.required === true && optionalSeen) {
      return invalidFormBody(`${at}.${index}.required`, 'APPLICATION_COMMAND_OPTION_REQUIRED_BEFORE_OPTIONAL', 'Required options must be placed before non-required options');
    }
    if (option.required !== true && option.type !== SUB_COMMAND && option.type !== SUB_COMMAND_GROUP) optionalSeen = true;
  }
  const names = (options as { name?: unknown }[]).map((option) => option.name);
  if (new Set(names).size !== names.length) return invalidFormBody(at, 'APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS', 'Option names must be unique');
  return undefined;
}

/** Validates a bulk-overwrite body the way Discord does (first problem wins); undefined when valid. */
export function validateCommands(body: unknown): RestError | undefined {
  if (!Array.isArray(body)) return invalidFormBody('_', 'BASE_TYPE_ARRAY', 'Must be an array.');
  if (body.length > 100) return invalidFormBody('_', 'BASE_TYPE_MAX_LENGTH', 'Must be 100 or fewer in length.');
  for (const [index, command] of (body as Record<string, unknown>[]).entries()) {
    const at = String(index);
    const chatInput = command.type === undefined || command.type === 1;
    const problem =
      checkName(command.name, at) ?? (chatInput ? checkDescription(command.description, at) ?? checkOptions(command.options, `${at}.options`, undefined) : undefined);
    if (problem) return problem;
  }
  const names = (body as { name?: unknown; type?: unknown }[]).map((command) => `${String(command.type ?? 1)}:${String(command.name)}`);
  if (new Set(names).size !== names.length) return invalidFormBody('_', 'APPLICATION_COMMANDS_DUPLICATE_NAME', 'Application command names must be unique');
  return undefined;
}

/** Command lists per scope: `global` or a guild id. A bulk overwrite replaces the whole list. */
export class CommandStore {
  private readonly lists = new Map<string, StoredCommand[]>();

  constructor(
    private readonly appId: string,
    private readonly ids: Snowflakes,
  ) {}

  overwrite(scope: string, body: Record<string, unknown>[]): StoredCommand[] {
    const previous = this.lists.get(scope) ?? [];
    const stored = body.map((command) => {
      const kept = previous.find((old) => old.name === command.name && (old.type ?? 1) === (command.type ?? 1));
      return {
        type: 1,
        ...command,
        id: kept?.id ?? this.ids.next(),
        application_id: this.appId,
        ...(scope === 'global' ? {} : { guild_id: scope }),
        version: this.ids.next(),
        default_member_permissions: command.default_member_permissions ?? null,
        name: String(command.name),
      };
    });
    this.lists.set(scope, stored);
    return stored;
  }

  read(scope: string): StoredCommand[] {
    return this.lists.get(scope) ?? [];
  }
}
