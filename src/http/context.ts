import type { CommandDef } from '../../commands/types.ts';
import type { Platform } from '../chat/types.ts';
import type { Config } from '../config/schema.ts';
import type { Services } from '../core/services.ts';
import type { ApiKeyView } from '../core/views.ts';
import type { PageErrorRenderer } from './errors.ts';
import type { PageAssets } from './pages/layout.ts';

/** What every route module is built from (constructor injection: nothing is read globally). */
export interface HttpContext {
  services: Services;
  registry: readonly CommandDef[];
  config: Config;
  assets: PageAssets;
  /** The path of server.public_url (`/doorman` behind a prefixing proxy, else ''). */
  basePath: string;
  /** The running bot's handle without `@`, asked per request: an adapter registers after start-up. */
  botHandle(platform: Platform): string | undefined;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route answers without an API key. Everything else is denied by default. */
    anonymous?: boolean;
    /** The route answers with HTML: refusals re-render through this instead of the JSON shape. */
    renderError?: PageErrorRenderer;
  }

  interface FastifyRequest {
    /** The verified key of an authenticated request; null on anonymous routes. */
    apiKey: ApiKeyView | null;
  }
}

export const HTML = 'text/html; charset=utf-8';
