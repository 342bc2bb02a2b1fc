import { z } from 'zod';
import type { CommandDef } from '../../commands/types.ts';
import { commandPathName } from './routes/commands-api.ts';
import {
  commandResultSchema,
  dmBodySchema,
  dmResultSchema,
  errorSchema,
  healthSchema,
  inviteCheckSchema,
  pinResultSchema,
  pinStatusSchema,
  replySchema,
  signupBodySchema,
  signupResultSchema,
} from './schemas.ts';

type JsonObject = Record<string, unknown>;

export interface OpenApiOptions {
  registry: readonly CommandDef[];
  /** server.public_url: the API's base address. */
  serverUrl: string;
  version: string;
}

/** A zod schema as the JSON Schema (draft 2020-12) that OpenAPI 3.1 embeds; `$schema` is implied. */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonObject {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonObject;
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: JsonObject) => ({ 'application/json': { schema } });
const errorResponse = (description: string) => ({ description, content: json(ref('Error')) });

function operationId(pathName: string): string {
  return pathName.replace(/[.-](\w)/g, (_match, char: string) => char.toUpperCase());
}

function commandOperation(command: CommandDef): JsonObject {
  const examples = command.examples?.length ? `\n\nExamples (text surfaces):\n\n${command.examples.map((e) => `    ${e}`).join('\n')}` : '';
  const positional = command.positional ? `\n\nThe positional option is \`${command.positional}\`.` : '';
  return {
    post: {
      operationId: operationId(commandPathName(command)),
      summary: command.description,
      description: `Runs \`${command.name}\` with the options given as a JSON object.${positional}${examples}`,
      tags: [command.name.split(' ')[0]],
      requestBody: { required: false, content: json(jsonSchemaOf(command.options, 'input')) },
      responses: {
        '200': { description: 'The neutral reply.', content: json(ref('CommandResult')) },
        '400': errorResponse('The body is not a JSON object.'),
        '401': errorResponse('No valid API key.'),
        '422': errorResponse('An option is missing, unknown or invalid (`validation`, `usage`).'),
        default: errorResponse('Another refusal (its code says which) or `internal_error`.'),
      },
    },
  };
}

function fixedPaths(): JsonObject {
  const anonymous: JsonObject = { security: [] };
  return {
    '/api/v1/invites/{code}': {
      get: {
        ...anonymous,
        operationId: 'inviteCheck',
        summary: 'Whether an invite can be used, and the rules its sign-up follows.',
        tags: ['signup'],
        parameters: [{ name: 'code', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': { description: 'The invite is usable.', content: json(ref('InviteCheck')) },
          '404': errorResponse('`invite_invalid`: unknown, expired, used up or revoked (alike).'),
        },
      },
    },
    '/api/v1/invites/{code}/signup': {
      post: {
        ...anonymous,
        operationId: 'signup',
        summary: 'Creates a Jellyfin account from an invite.',
        tags: ['signup'],
        parameters: [{ name: 'code', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: { required: true, content: json(ref('SignupRequest')) },
        responses: {
          '201': { description: 'The account was created.', content: json(ref('SignupResult')) },
          '400': errorResponse('`bad_request`: malformed JSON or a body that does not fit the schema.'),
          '404': errorResponse('`invite_invalid`.'),
          '409': errorResponse('`username_taken`, or `contact_taken` (the chat account is linked to another account).'),
          '422': errorResponse('`username_invalid`, `password_weak`, `validation` (with `field`), `contact_required` or `contact_unverified` (field `contacts.<platform>`).'),
          '503': errorResponse('`jellyfin_unavailable` or `storage_unavailable`: nothing was created; retry later.'),
        },
      },
    },
    '/healthz': {
      get: {
        ...anonymous,
        operationId: 'health',
        summary: 'Whether the database and Jellyfin answer.',
        tags: ['health'],
        responses: {
          '200': { description: 'Healthy.', content: json(ref('Health')) },
          '503': { description: 'Something does not answer; the report says what.', content: json(ref('Health')) },
        },
      },
    },
  };
}

const pathParam = (name: string, description: string) => ({ name, in: 'path', required: true, schema: { type: 'string' }, description });

/** The PIN routes, one set for every chat platform (`telegram` now; `discord`, `matrix` later). */
function contactPaths(): JsonObject {
  const anonymous: JsonObject = { security: [], tags: ['signup'] };
  const params = [pathParam('code', 'The invite code.'), pathParam('platform', '`telegram`, `discord` or `matrix`; one not enabled is 404.')];
  return {
    '/api/v1/invites/{code}/contacts/{platform}/pin': {
      post: {
        ...anonymous,
        operationId: 'contactPinCreate',
        summary: 'Page → bot: a PIN the person sends to the bot (`/link PIN`).',
        parameters: params,
        requestBody: { required: false, content: json({ type: 'object', description: 'Send {}.' }) },
        responses: {
          '201': { description: 'The PIN; it works for 10 minutes.', content: json(ref('ContactPin')) },
          '404': errorResponse('`invite_invalid`, or `not_found` for a platform that is not enabled.'),
        },
      },
    },
    '/api/v1/invites/{code}/contacts/{platform}/pin/{pin}': {
      get: {
        ...anonymous,
        operationId: 'contactPinStatus',
        summary: 'Whether the bot has received the PIN (poll it every few seconds).',
        parameters: [...params, pathParam('pin', 'The PIN from the create call.')],
        responses: {
          '200': { description: 'The PIN is pending or verified.', content: json(ref('ContactPinStatus')) },
          '404': errorResponse('`not_found`: the PIN is unknown, expired or used.'),
          '429': errorResponse('`rate_limited`: too many unknown PINs from this address for this invite.'),
        },
      },
    },
    '/api/v1/invites/{code}/contacts/{platform}/dm': {
      post: {
        ...anonymous,
        operationId: 'contactPinDm',
        summary: 'Bot → page: the bot sends a PIN to the handle; the person types it into the sign-up.',
        parameters: params,
        requestBody: { required: true, content: json(ref('ContactDmRequest')) },
        responses: {
          '200': { description: 'The bot sent the PIN.', content: json(ref('ContactDmResult')) },
          '404': errorResponse('`invite_invalid`, or `not_found` for a platform that is not enabled.'),
          '409': errorResponse('`dm_closed` (the platform refuses to message this person: blocked the bot, or DMs closed) or `contact_taken`.'),
          '422': errorResponse('`handle_unknown`: the handle never sent the bot /start; or `validation`.'),
          '429': errorResponse('`rate_limited`.'),
          '503': errorResponse('`chat_unavailable`: the bot is not running or the platform did not answer.'),
        },
      },
    },
  };
}

/** The OpenAPI 3.1 document: one path per registered command, plus the sign-up and health routes. */
export function buildOpenApiDocument(options: OpenApiOptions): JsonObject {
  const commandPaths = Object.fromEntries(
    [...options.registry]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((command) => [`/api/v1/commands/${commandPathName(command)}`, commandOperation(command)]),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'Doorman',
      version: options.version,
      description: 'Admin commands and invite sign-up for Doorman, the Jellyfin account manager. ' +
        'Admin routes need `Authorization: Bearer <api key>` (create one with `doorman apikey create`).',
    },
    servers: [{ url: options.serverUrl }],
    security: [{ bearerAuth: [] }],
    paths: { ...fixedPaths(), ...contactPaths(), ...commandPaths },
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key from `doorman apikey create`.' },
      },
      schemas: {
        Error: jsonSchemaOf(errorSchema, 'output'),
        Reply: jsonSchemaOf(replySchema, 'output'),
        CommandResult: jsonSchemaOf(commandResultSchema, 'output'),
        SignupRequest: jsonSchemaOf(signupBodySchema, 'input'),
        SignupResult: jsonSchemaOf(signupResultSchema, 'output'),
        InviteCheck: jsonSchemaOf(inviteCheckSchema, 'output'),
        ContactPin: jsonSchemaOf(pinResultSchema, 'output'),
        ContactPinStatus: jsonSchemaOf(pinStatusSchema, 'output'),
        ContactDmRequest: jsonSchemaOf(dmBodySchema, 'input'),
        ContactDmResult: jsonSchemaOf(dmResultSchema, 'output'),
        Health: jsonSchemaOf(healthSchema, 'output'),
      },
    },
  };
}
