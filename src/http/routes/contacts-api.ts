import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../core/errors.ts';
import { deepLink, handleMissing, requirePlatform } from '../contact-forms.ts';
import type { HttpContext } from '../context.ts';
import { describeIssues, dmBodySchema } from '../schemas.ts';

type ContactParams = { code: string; platform: string };

/**
 * The PIN routes, the same for every chat platform (an unknown or switched-off one is 404
 * `not_found`). Anonymous and invite-scoped: the invite code in the path is the credential, and
 * the core limits wrong tries per invite and client address.
 */
export async function contactApiRoutes(app: FastifyInstance, ctx: HttpContext): Promise<void> {
  const config = { anonymous: true };

  // Page → bot: a PIN for the page to show; the person sends `/link PIN` to the bot.
  app.post<{ Params: ContactParams }>('/api/v1/invites/:code/contacts/:platform/pin', { config }, async (request, reply) => {
    const platform = requirePlatform(ctx.config, request.params.platform);
    // The client address goes along as on the other PIN calls, for when PIN creation is limited by it too.
    const input = { inviteCode: request.params.code, platform, ip: request.ip };
    const { pin, expires_at } = await ctx.services.contacts.createPin(input);
    const link = deepLink(platform, ctx.botHandle(platform), pin);
    return reply.status(201).send({ pin, expires_at, ...(link ? { deep_link: link } : {}) });
  });

  // What the page polls: verified once the bot got the PIN; 404 once it is unknown or expired.
  app.get<{ Params: ContactParams & { pin: string } }>('/api/v1/invites/:code/contacts/:platform/pin/:pin', { config }, async (request) => {
    const platform = requirePlatform(ctx.config, request.params.platform);
    const { verified } = await ctx.services.contacts.pinStatus({ inviteCode: request.params.code, platform, pin: request.params.pin, ip: request.ip });
    return { verified };
  });

  // Bot → page: the bot DMs a PIN to the handle; the person types it into the page.
  app.post<{ Params: ContactParams }>('/api/v1/invites/:code/contacts/:platform/dm', { config }, async (request) => {
    const platform = requirePlatform(ctx.config, request.params.platform);
    const parsed = dmBodySchema.safeParse(request.body);
    if (!parsed.success) {
      const { message, field } = describeIssues(parsed.error);
      throw new DomainError('bad_request', message, field ? { field } : {});
    }
    const handle = parsed.data.handle.trim();
    if (!handle) {
      throw handleMissing(platform);
    }
    await ctx.services.contacts.sendPinDm({ inviteCode: request.params.code, platform, handle, ip: request.ip });
    return { sent: true };
  });
}
