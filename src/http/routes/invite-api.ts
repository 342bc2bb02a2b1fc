import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../core/errors.ts';
import type { HttpContext } from '../context.ts';
import { describeIssues, signupBodySchema } from '../schemas.ts';

/** The JSON side of sign-up: what the page's script (and any other client) talks to. */
export async function inviteApiRoutes(app: FastifyInstance, ctx: HttpContext): Promise<void> {
  const config = { anonymous: true };

  app.get<{ Params: { code: string } }>('/api/v1/invites/:code', { config }, async (request) => {
    const invite = await ctx.services.invites.requireUsable(request.params.code);
    return {
      valid: true,
      expires_at: invite.expires_at,
      account_expiry: invite.account_expiry,
      password_rules: ctx.config.password_rules,
      jellyfin_url: ctx.services.jellyfinPublicUrl,
    };
  });

  app.post<{ Params: { code: string } }>('/api/v1/invites/:code/signup', { config }, async (request, reply) => {
    const parsed = signupBodySchema.safeParse(request.body);
    if (!parsed.success) {
      const { message, field } = describeIssues(parsed.error);
      throw new DomainError('bad_request', message, field ? { field } : {});
    }
    const result = await ctx.services.signup.signup(request.params.code, parsed.data);
    const { id, name, expires_at } = result.user;
    return reply.status(201).send({ user: { id, name, expires_at } });
  });
}
