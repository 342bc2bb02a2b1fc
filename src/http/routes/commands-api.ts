import type { FastifyInstance } from 'fastify';
import { dispatch } from '../../../commands/dispatch.ts';
import type { Invocation } from '../../../commands/parse.ts';
import type { CommandDef } from '../../../commands/types.ts';
import { DomainError } from '../../core/errors.ts';
import { apiCaller } from '../auth.ts';
import type { HttpContext } from '../context.ts';

/** `invite create` ↔ `invite.create`: URL paths carry no spaces. */
export function commandPathName(command: CommandDef): string {
  return command.name.split(' ').join('.');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The admin REST surface: every registered command at POST /api/v1/commands/{words.joined.by.dots}
 * with its options as a JSON object. The same dispatch (guard, zod validation, handler) as every
 * other surface; the answer is the neutral reply.
 */
export async function commandRoutes(app: FastifyInstance, ctx: HttpContext): Promise<void> {
  const byPathName = new Map(ctx.registry.map((command) => [commandPathName(command), command]));

  app.post<{ Params: { command: string } }>('/api/v1/commands/:command', async (request) => {
    const caller = apiCaller(request);
    const command = byPathName.get(request.params.command);
    if (!command) {
      throw new DomainError(
        'not_found',
        `There is no command "${request.params.command}". GET /api/v1/openapi.json lists them (words joined by dots, e.g. invite.create).`,
      );
    }
    const body = request.body ?? {};
    if (!isPlainObject(body)) {
      throw new DomainError('bad_request', 'Send the options as a JSON object, e.g. {"uses": 3}; {} when there are none.');
    }
    // dispatch validates with the command's zod schema, which accepts JSON values as well as the
    // strings text surfaces send; Invocation types options as text only.
    const invocation: Invocation = { words: command.name.split(' '), options: body as Record<string, string>, positional: [] };
    const reply = await dispatch(ctx.registry, { caller, services: ctx.services }, invocation);
    return { reply };
  });
}
