import { z } from 'zod';
import { guard, mayRun, positionalNames, resolveCommand, usage } from './dispatch.ts';
import { DomainError } from './errors.ts';
import { describeOption } from './format.ts';
import type { Reply } from './reply.ts';
import { defineCommand, type CommandContext, type CommandDef } from './types.ts';

/**
 * `help` lists what the caller may run; `help invite create` shows one command's options.
 * It reads the registry through a function because the registry includes help itself.
 */
export function helpCommand(commands: () => readonly CommandDef[]): CommandDef {
  return defineCommand({
    name: 'help',
    description: 'List the commands you may run, or show how to use one (help invite create).',
    options: z.object({
      command: z.array(z.string()).optional().describe('The words of the command to explain'),
    }),
    positional: 'command',
    access: 'anyone',
    examples: ['help', 'help invite create'],
    async run(ctx, args) {
      const words = (args.command ?? []).map((word) => word.toLowerCase());
      if (words.length === 0) return overview(ctx, commands());
      const resolved = resolveCommand(commands(), words);
      if (resolved && resolved.extra.length === 0) {
        // Usage is no secret: only the access rule applies here, not the private-chat rule.
        if (!mayRun(resolved.command, ctx.caller)) guard(resolved.command, ctx);
        return details(resolved.command);
      }
      const group = allowed(ctx, commands()).filter((c) => words.every((word, i) => c.name.split(' ')[i] === word));
      if (group.length > 0) return overview(ctx, group);
      throw new DomainError('usage', `There is no command "${words.join(' ')}". Use help to list the commands.`);
    },
  });
}

function allowed(ctx: CommandContext, commands: readonly CommandDef[]): CommandDef[] {
  return commands.filter((command) => mayRun(command, ctx.caller));
}

function overview(ctx: CommandContext, commands: readonly CommandDef[]): Reply {
  const visible = allowed(ctx, commands);
  return {
    text: 'Commands you may run (help followed by a command shows its options):',
    table: { columns: ['command', 'what it does'], rows: visible.map((c) => [c.name, c.description]) },
    data: { commands: visible.map((c) => ({ name: c.name, description: c.description, usage: usage(c) })) },
  };
}

function details(command: CommandDef): Reply {
  const shape = command.options.shape as Record<string, z.ZodType>;
  const options = Object.entries(shape).map(([name, schema]) => ({
    name,
    description: describeOption(schema),
    required: !schema.safeParse(undefined).success,
    positional: positionalNames(command).includes(name),
  }));
  const examples = command.examples?.length ? `\n\nExamples:\n${command.examples.map((e) => `  ${e}`).join('\n')}` : '';
  const reply: Reply = {
    text: `${command.name}: ${command.description}\n\nUsage: ${usage(command)}${examples}`,
    data: { name: command.name, description: command.description, usage: usage(command), options, examples: command.examples ?? [] },
  };
  if (options.length > 0) {
    reply.table = {
      columns: ['option', 'what it sets'],
      rows: options.map((o) => [
        o.positional ? `<${o.name}> or ${o.name}:…` : `${o.name}:…`,
        `${o.description}${o.required ? '' : ' (optional)'}`,
      ]),
    };
  }
  return reply;
}
