import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../core/errors.ts';
import type { Services } from '../core/services.ts';
import type { Caller } from '../../commands/types.ts';

/**
 * Paths that stay anonymous even where no route matched, so a mistyped invite link gets the
 * friendly 404 page rather than a demand for an API key.
 */
const ANONYMOUS_PREFIXES = ['/invite/', '/api/v1/invites/', '/assets/', '/link/'];

function isAnonymous(request: FastifyRequest): boolean {
  if (request.routeOptions.config?.anonymous === true) return true;
  if (!request.is404) return false;
  const path = request.url.split('?')[0];
  return ANONYMOUS_PREFIXES.some((prefix) => path.startsWith(prefix));
}

export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? match[1] : null;
}

export function unauthorized(): DomainError {
  return new DomainError(
    'unauthorized',
    'This needs an API key: send Authorization: Bearer <api key>; create one with doorman apikey create.',
  );
}

/**
 * Default deny: every request needs a valid API key unless its route says `anonymous`. Unknown
 * routes are therefore 401 without a key and 404 with one, so guessing reveals nothing.
 */
export function registerAuth(app: FastifyInstance, services: Services): void {
  app.decorateRequest('apiKey', null);
  // Callback style, so anonymous pages (the sign-up form) pay no promise for the check.
  app.addHook('onRequest', (request, _reply, done) => {
    if (isAnonymous(request)) return done();
    const token = bearerToken(request.headers.authorization);
    if (!token) return done(unauthorized());
    services.apiKeys.verify(token).then(
      (key) => {
        if (!key || key.revoked_at) return done(unauthorized());
        request.apiKey = key;
        done();
      },
      (error: Error) => done(error),
    );
  });
}

/** The identity commands see for an API call. Every key is an admin key for now. */
export function apiCaller(request: FastifyRequest): Caller {
  if (!request.apiKey) throw unauthorized();
  return { surface: 'api', id: request.apiKey.id, name: request.apiKey.name, isAdmin: true };
}
