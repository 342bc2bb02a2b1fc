import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, isDomainError } from '../core/errors.ts';
import { INTERNAL_ERROR } from './schemas.ts';

/** Renders a refusal as a page; a route that answers with HTML puts one in its config. */
export type PageErrorRenderer = (request: FastifyRequest, error: DomainError) => Promise<string> | string;

/** What the error handler needs to know about the app: how to apologise in HTML. */
export interface ErrorPages {
  apology(reference: string): string;
}

const BODY_PROBLEMS: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'This content type is not accepted here: send JSON with Content-Type: application/json (the sign-up page also takes a urlencoded form).',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The body is empty although Content-Type says JSON: send a JSON object ({} when there is nothing to say).',
  FST_ERR_CTP_INVALID_JSON_BODY: 'The body is not valid JSON: check the quotes, commas and brackets.',
  FST_ERR_CTP_BODY_TOO_LARGE: 'The body is too large.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The Content-Length header does not match the body.',
};

/**
 * Fastify's own refusals of a request it could not read (bad JSON, wrong content type, too large)
 * carry a 4xx statusCode; they all become one `bad_request`.
 */
function fromFastify(error: unknown): DomainError | null {
  const { statusCode, code, message } = error as { statusCode?: number; code?: string; message?: string };
  if (typeof statusCode !== 'number' || statusCode < 400 || statusCode >= 500) return null;
  const known = code ? BODY_PROBLEMS[code] : undefined;
  const text = known ?? (error instanceof SyntaxError
    ? 'The body is not valid JSON: check the quotes, commas and brackets.'
    : `The request could not be read: ${message ?? 'bad request'}.`);
  return new DomainError('bad_request', text);
}

export function asDomainError(error: unknown): DomainError | null {
  return isDomainError(error) ? error : fromFastify(error);
}

export function errorBody(error: DomainError): { error: ReturnType<DomainError['toJSON']> } {
  return { error: error.toJSON() };
}

export function internalErrorBody(reference: string) {
  return {
    error: {
      code: INTERNAL_ERROR,
      message: `Something went wrong on our side. Try again later; if it keeps happening, give the admin this reference: ${reference}.`,
      reference,
    },
  };
}

/**
 * The one place a failure becomes an answer. Domain refusals get their status and either the
 * JSON error shape or the route's own page; anything else is logged once, with the request id as
 * the reference the person is shown.
 */
export function createErrorHandler(pages: ErrorPages) {
  return async function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const renderPage = request.routeOptions.config?.renderError;
    const domain = asDomainError(error);
    if (domain) {
      // A page's refusal (a wrong Jellyfin password on /link) is no request for an API key.
      if (domain.code === 'unauthorized' && !renderPage) reply.header('www-authenticate', 'Bearer');
      if (!renderPage) return reply.status(domain.status).send(errorBody(domain));
      try {
        const page = await renderPage(request, domain);
        return reply.status(domain.status).type('text/html; charset=utf-8').send(page);
      } catch (renderError) {
        error = renderError;
      }
    }
    const reference = request.id;
    request.log.error({ err: error, reference }, 'request failed');
    reply.status(500);
    if (renderPage) return reply.type('text/html; charset=utf-8').send(pages.apology(reference));
    return reply.send(internalErrorBody(reference));
  };
}
