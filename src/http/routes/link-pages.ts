import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DomainError } from '../../core/errors.ts';
import type { HttpContext } from '../context.ts';
import { renderLinkedPage, renderLinkForm, renderLinkInvalidPage } from '../pages/link.ts';
import { sendPage, typedUsername } from './invite-pages.ts';

type LinkRequest = FastifyRequest<{ Params: { token: string } }>;

function field(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

/**
 * A refused sign-in shows the form again with the reason and the typed username (never the
 * password); a used or expired link gets a page saying so.
 */
async function renderLinkRefusal(ctx: HttpContext, request: FastifyRequest, error: DomainError): Promise<string> {
  if (error.code === 'not_found') return renderLinkInvalidPage(ctx.assets, error.message);
  const { token } = (request as LinkRequest).params;
  let status;
  try {
    status = await ctx.services.contacts.accountLinkTokenStatus(token);
  } catch (lookupError) {
    if ((lookupError as DomainError).code === 'not_found') return renderLinkInvalidPage(ctx.assets, (lookupError as DomainError).message);
    throw lookupError;
  }
  return renderLinkForm({ assets: ctx.assets, platform: status.platform, handle: status.handle, username: typedUsername(request), error: error.message });
}

/**
 * `/link/{token}`: the short-lived page a chat user gets from `/link` (without a PIN) to prove they
 * own an existing Jellyfin account by signing in. The token in the path is the credential.
 */
export async function linkPageRoutes(app: FastifyInstance, ctx: HttpContext): Promise<void> {
  await app.register(formbody);
  const config = {
    anonymous: true,
    renderError: (request: FastifyRequest, error: DomainError) => renderLinkRefusal(ctx, request, error),
  };

  app.get<{ Params: { token: string } }>('/link/:token', { config }, async (request, reply) => {
    const status = await ctx.services.contacts.accountLinkTokenStatus(request.params.token);
    return sendPage(reply, renderLinkForm({ assets: ctx.assets, platform: status.platform, handle: status.handle, username: '' }));
  });

  app.post<{ Params: { token: string } }>('/link/:token', { config }, async (request, reply) => {
    const { token } = request.params;
    const status = await ctx.services.contacts.accountLinkTokenStatus(token);
    const result = await ctx.services.contacts.redeemAccountLinkToken({ token, username: field(request.body, 'username'), password: field(request.body, 'password') });
    return sendPage(reply, renderLinkedPage(ctx.assets, { platform: result.platform, handle: status.handle, username: result.username }));
  });
}
