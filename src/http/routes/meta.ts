import type { FastifyInstance } from 'fastify';
import type { HttpContext } from '../context.ts';
import { buildOpenApiDocument } from '../openapi.ts';

/** /healthz and the OpenAPI document: anonymous, for monitors and for people writing clients. */
export async function metaRoutes(app: FastifyInstance, ctx: HttpContext & { version: string }): Promise<void> {
  const config = { anonymous: true };

  app.get('/healthz', { config }, async (_request, reply) => {
    const report = await ctx.services.health.check();
    return reply.status(report.ok ? 200 : 503).send(report);
  });

  let document: Record<string, unknown> | null = null;
  app.get('/api/v1/openapi.json', { config }, async () => {
    // Built on first use: the registry never changes while the server runs.
    document ??= buildOpenApiDocument({ registry: ctx.registry, serverUrl: ctx.config.server.public_url, version: ctx.version });
    return document;
  });
}
