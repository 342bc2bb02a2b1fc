import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { CommandDef } from '../../commands/types.ts';
import type { Config } from '../config/schema.ts';
import type { Services } from '../core/services.ts';
import type { Logger } from '../log.ts';

// SKELETON: the HTTP work fills this in (sign-up pages, admin REST, OpenAPI, /healthz).

export interface HttpDeps {
  services: Services;
  registry: readonly CommandDef[];
  config: Config;
  log: Logger;
}

/** Builds the server without listening: the caller decides host and port (tests use port 0). */
export function createHttpServer(deps: HttpDeps): FastifyInstance {
  const app = Fastify({ loggerInstance: deps.log as FastifyBaseLogger });
  return app;
}
