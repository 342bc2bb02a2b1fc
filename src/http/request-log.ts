import type { FastifyInstance } from 'fastify';
import type { Logger } from '../log.ts';

/**
 * Invite codes are bearer secrets: a log line keeps only their first characters. Account-link
 * tokens and PINs in a path are dropped whole. Query strings are dropped too, so nothing typed
 * into a URL reaches the log.
 */
export function loggablePath(url: string): string {
  const path = url.split('?')[0];
  return path
    .replace(/\/(invite|invites)\/([^/]+)/, (_match, kind: string, code: string) =>
      `/${kind}/${code.length > 4 ? `${code.slice(0, 4)}…` : code}`,
    )
    .replace(/^\/link\/[^/]+/, '/link/…')
    .replace(/(\/contacts\/[^/]+\/pin)\/[^/]+/, '$1/…');
}

/** One info line per request, after the answer: method, path, status, time. Never bodies. */
export function registerRequestLog(app: FastifyInstance): void {
  // Callback style: an async hook costs a promise per request on the hottest page.
  app.addHook('onResponse', (request, reply, done) => {
    if ((request.log as Logger).isLevelEnabled('info')) {
      request.log.info(
        {
          method: request.method,
          path: loggablePath(request.url),
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime * 10) / 10,
          ...(request.apiKey ? { key_id: request.apiKey.id } : {}),
        },
        'request',
      );
    }
    done();
  });
}
