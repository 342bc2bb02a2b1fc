import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PLATFORM_NAMES, type Platform } from '../../chat/types.ts';
import { DomainError } from '../../core/errors.ts';
import { contactStatesFromForm, handleMissing, requirePlatform, typedHandle } from '../contact-forms.ts';
import type { HttpContext } from '../context.ts';
import { renderNotFoundPage } from '../pages/signup.ts';
import { formPage, renderRefusal, sendPage, typedUsername } from './invite-pages.ts';

type ContactRequest = FastifyRequest<{ Params: { code: string; platform: string } }>;

/** The platform of a request whose URL may name one that does not exist. */
function platformOf(ctx: HttpContext, request: FastifyRequest): Platform | undefined {
  try {
    return requirePlatform(ctx.config, (request as ContactRequest).params.platform);
  } catch {
    return undefined;
  }
}

/**
 * A refused contact step shows the form again with the message next to the platform's section
 * (keeping the typed handle); an unknown or switched-off platform is a plain 404 page.
 */
async function renderContactRefusal(ctx: HttpContext, request: FastifyRequest, error: DomainError, action: 'pin' | 'dm'): Promise<string> {
  const platform = platformOf(ctx, request);
  if (!platform) return renderNotFoundPage(ctx.assets);
  const { code } = (request as ContactRequest).params;
  const contacts = await contactStatesFromForm(ctx, code, request.body, request.ip, platform);
  contacts[platform] = { kind: 'idle', handle: action === 'dm' ? typedHandle(request.body, platform) : '' };
  const title = action === 'dm' ? 'The bot did not send a PIN' : `${PLATFORM_NAMES[platform]} linking did not start`;
  return renderRefusal(ctx, request, error, { platform, title, contacts });
}

/**
 * The contact buttons of the sign-up form without JavaScript. Each is a submit button with its own
 * `formaction`, so the whole form arrives here; the page comes back with the typed username (never
 * the passwords) and the section showing the PIN, or the field to type the bot's PIN into.
 */
export async function contactPageRoutes(app: FastifyInstance, ctx: HttpContext): Promise<void> {
  await app.register(formbody);
  const configFor = (action: 'pin' | 'dm') => ({
    anonymous: true,
    renderError: (request: FastifyRequest, error: DomainError) => renderContactRefusal(ctx, request, error, action),
  });

  // Page → bot: a fresh PIN, shown with what to send to the bot.
  app.post<{ Params: { code: string; platform: string } }>('/invite/:code/contacts/:platform/pin', { config: configFor('pin') }, async (request, reply) => {
    const { code } = request.params;
    const platform = requirePlatform(ctx.config, request.params.platform);
    const invite = await ctx.services.invites.requireUsable(code);
    // The client address goes along as on the other PIN calls, for when PIN creation is limited by it too.
    const input = { inviteCode: code, platform, ip: request.ip };
    const { pin } = await ctx.services.contacts.createPin(input);
    const contacts = await contactStatesFromForm(ctx, code, request.body, request.ip, platform);
    contacts[platform] = { kind: 'pin', pin, verified: false };
    return sendPage(reply, formPage(ctx, code, invite, { username: typedUsername(request), contacts, focus: platform }));
  });

  // Bot → page: the bot DMs a PIN to the typed handle; the page asks for it.
  app.post<{ Params: { code: string; platform: string } }>('/invite/:code/contacts/:platform/dm', { config: configFor('dm') }, async (request, reply) => {
    const { code } = request.params;
    const platform = requirePlatform(ctx.config, request.params.platform);
    const handle = typedHandle(request.body, platform);
    if (!handle) {
      throw handleMissing(platform);
    }
    const invite = await ctx.services.invites.requireUsable(code);
    await ctx.services.contacts.sendPinDm({ inviteCode: code, platform, handle, ip: request.ip });
    const contacts = await contactStatesFromForm(ctx, code, request.body, request.ip, platform);
    contacts[platform] = { kind: 'dm', handle, pin: '' };
    return sendPage(reply, formPage(ctx, code, invite, { username: typedUsername(request), contacts, focus: `${platform}_pin` }));
  });
}
