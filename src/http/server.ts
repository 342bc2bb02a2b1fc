import { randomBytes } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { CommandDef } from '../../commands/types.ts';
import type { Platform } from '../chat/types.ts';
import type { Config } from '../config/schema.ts';
import { DomainError } from '../core/errors.ts';
import type { Services } from '../core/services.ts';
import type { Logger } from '../log.ts';
import { registerAuth } from './auth.ts';
import { HTML, type HttpContext } from './context.ts';
import { createErrorHandler, errorBody } from './errors.ts';
import { renderApologyPage, renderNotFoundPage } from './pages/signup.ts';
import { registerRequestLog } from './request-log.ts';
import { commandRoutes } from './routes/commands-api.ts';
import { contactPageRoutes } from './routes/contact-pages.ts';
import { contactApiRoutes } from './routes/contacts-api.ts';
import { inviteApiRoutes } from './routes/invite-api.ts';
import { inviteRoutes } from './routes/invite-pages.ts';
import { linkPageRoutes } from './routes/link-pages.ts';
import { unsubscribePageRoutes } from './routes/unsubscribe-pages.ts';
import { metaRoutes } from './routes/meta.ts';
import { loadStaticAssets, registerStaticRoutes } from './static-assets.ts';

export interface HttpDeps {
  services: Services;
  registry: readonly CommandDef[];
  config: Config;
  log: Logger;
  /** Shown as the OpenAPI document's version; defaults to '0.0.0'. */
  version?: string;
  /**
   * The chat bots as the sign-up page names them (`@DoormanBot`, the `t.me` deep link). src/app.ts
   * passes `{ botHandle: (platform) => deliveries.get(platform)?.botHandle }`; without it the page
   * says "the bot" and shows no deep link.
   */
  chat?: ChatBots;
}

export interface ChatBots {
  /** The bot's handle without `@`, or undefined while its adapter is not running. */
  botHandle(platform: Platform): string | undefined;
}

/**
 * Pages allow nothing from elsewhere and no inline script; the referrer is never sent, so the
 * invite code in the address cannot leak to the Jellyfin server or anywhere a link leads.
 */
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

/**
 * Random 12-hex-digit ids, cut from a pooled buffer: one randomBytes call per 512 requests
 * instead of one per request (a measurable share of the invite page's time).
 */
export function requestIds(): () => string {
  const size = 6;
  let pool = randomBytes(size * 512);
  let offset = 0;
  return () => {
    if (offset + size > pool.length) {
      pool = randomBytes(pool.length);
      offset = 0;
    }
    const id = pool.toString('hex', offset, offset + size);
    offset += size;
    return id;
  };
}

/** The path part of server.public_url, for links behind a proxy that serves Doorman under a prefix. */
function basePathOf(publicUrl: string): string {
  return new URL(publicUrl).pathname.replace(/\/+$/, '');
}

function registerCommonHooks(app: FastifyInstance): void {
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.headers(SECURITY_HEADERS);
    // Only the content-hashed assets may be cached; pages and API answers never are.
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    done(null, payload);
  });
}

/** Builds the server without listening: the caller decides host and port (tests use port 0). */
export function createHttpServer(deps: HttpDeps): FastifyInstance {
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    // Fastify's own per-request lines would log full URLs (invite codes): request-log.ts logs instead.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: deps.config.server.trust_proxy,
    // Request ids double as the reference shown on apology pages: random, so they say nothing.
    genReqId: requestIds(),
  });
  const basePath = basePathOf(deps.config.server.public_url);
  const assets = loadStaticAssets(basePath);
  const botHandle = (platform: Platform) => deps.chat?.botHandle(platform)?.replace(/^@/, '') || undefined;
  const ctx: HttpContext = { services: deps.services, registry: deps.registry, config: deps.config, assets: assets.urls, basePath, botHandle };

  registerCommonHooks(app);
  registerRequestLog(app);
  registerAuth(app, deps.services);
  app.setErrorHandler(createErrorHandler({ apology: (reference) => renderApologyPage(assets.urls, reference) }));
  app.setNotFoundHandler(async (request, reply) => {
    if (request.url.startsWith('/invite/') || request.url.startsWith('/link/')) return reply.status(404).type(HTML).send(renderNotFoundPage(assets.urls));
    const error = new DomainError('not_found', `There is nothing at ${request.method} ${request.url.split('?')[0]}.`);
    return reply.status(404).send(errorBody(error));
  });

  registerStaticRoutes(app, assets);
  app.register(inviteRoutes, ctx);
  app.register(inviteApiRoutes, ctx);
  app.register(contactPageRoutes, ctx);
  app.register(contactApiRoutes, ctx);
  app.register(linkPageRoutes, ctx);
  app.register(unsubscribePageRoutes, ctx);
  app.register(commandRoutes, ctx);
  app.register(metaRoutes, { ...ctx, version: deps.version ?? '0.0.0' });
  return app;
}
