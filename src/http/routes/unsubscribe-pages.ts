import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DomainError } from '../../core/errors.ts';
import type { HttpContext } from '../context.ts';
import { renderUnsubscribedPage, renderUnsubscribeForm, renderUnsubscribeInvalidPage } from '../pages/unsubscribe.ts';
import { sendPage } from './invite-pages.ts';

/**
 * `/unsubscribe/{token}`: the opt-out link of announcement emails. GET asks, POST switches
 * announcement emails off (also what a mail client's one-click List-Unsubscribe posts).
 */
export async function unsubscribePageRoutes(app: FastifyInstance, ctx: HttpContext): Promise<void> {
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) await app.register(formbody);
  const config = {
    anonymous: true,
    renderError: async (_request: FastifyRequest, error: DomainError) => renderUnsubscribeInvalidPage(ctx.assets, error.message),
  };

  app.get<{ Params: { token: string } }>('/unsubscribe/:token', { config }, async (request, reply) => {
    const account = await ctx.services.unsubscribe.accountOf(request.params.token);
    return sendPage(reply, renderUnsubscribeForm(ctx.assets, account.username));
  });

  app.post<{ Params: { token: string } }>('/unsubscribe/:token', { config }, async (request, reply) => {
    const { username } = await ctx.services.unsubscribe.redeem(request.params.token);
    return sendPage(reply, renderUnsubscribedPage(ctx.assets, username));
  });
}
