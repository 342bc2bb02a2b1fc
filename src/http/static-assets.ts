import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { PageAssets } from './pages/layout.ts';

const ASSET_DIR = new URL('./assets/', import.meta.url);

const TYPES: Record<string, string> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
};

interface StaticFile {
  body: Buffer;
  type: string;
  etag: string;
}

export interface StaticAssets {
  /** The URLs pages link to. */
  urls: PageAssets;
  /** Served files by their public name (`signup.3f9a0c12b4.css`). */
  files: Map<string, StaticFile>;
}

/**
 * Reads the page assets once at start-up. Each is served under a name carrying a hash of its
 * content, so browsers may keep it for a year and still never see a stale copy after an upgrade.
 */
export function loadStaticAssets(basePath: string): StaticAssets {
  const files = new Map<string, StaticFile>();
  const publish = (name: string, ext: string): string => {
    const body = readFileSync(new URL(`${name}.${ext}`, ASSET_DIR));
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
    const publicName = `${name}.${hash}.${ext}`;
    files.set(publicName, { body, type: TYPES[ext], etag: `"${hash}"` });
    return `${basePath}/assets/${publicName}`;
  };
  return { urls: { css: publish('signup', 'css'), js: publish('signup', 'js') }, files };
}

export function registerStaticRoutes(app: FastifyInstance, assets: StaticAssets): void {
  app.get<{ Params: { file: string } }>('/assets/:file', { config: { anonymous: true } }, async (request, reply) => {
    const file = assets.files.get(request.params.file);
    if (!file) {
      return reply.status(404).type('text/plain; charset=utf-8').send('Not found');
    }
    reply.header('cache-control', 'public, max-age=31536000, immutable').header('etag', file.etag);
    if (request.headers['if-none-match'] === file.etag) return reply.status(304).send();
    return reply.type(file.type).send(file.body);
  });
}
