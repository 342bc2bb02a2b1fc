import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import { DomainError } from '../../core/errors.ts';
import type { InviteView } from '../../core/views.ts';
import { HTML, type HttpContext } from '../context.ts';
import { formErrorFrom, renderInvalidInvitePage, renderSignupForm, renderUnavailablePage, renderSuccessPage, type FormError } from '../pages/signup.ts';
import { describeIssues, signupFormSchema } from '../schemas.ts';

type InviteRequest = FastifyRequest<{ Params: { code: string } }>;

export function inviteApiUrl(ctx: HttpContext, code: string): string {
  return `${ctx.basePath}/api/v1/invites/${encodeURIComponent(code)}/signup`;
}

function formPage(ctx: HttpContext, code: string, invite: InviteView | null, username: string, error?: FormError): string {
  return renderSignupForm({
    assets: ctx.assets,
    apiUrl: inviteApiUrl(ctx, code),
    jellyfinUrl: ctx.services.jellyfinPublicUrl,
    rules: ctx.config.password_rules,
    accountExpiry: invite?.account_expiry ?? null,
    username,
    error,
  });
}

/** What was typed into username, if the body could be read at all. */
function typedUsername(request: FastifyRequest): string {
  const body = request.body as { username?: unknown } | undefined;
  return typeof body?.username === 'string' ? body.username : '';
}

/**
 * A refused sign-up shows the form again with the error next to its field and the typed username
 * (never the passwords). An invite that stopped being usable gets the invite page instead.
 */
async function renderRefusal(ctx: HttpContext, request: FastifyRequest, error: DomainError): Promise<string> {
  const { code } = (request as InviteRequest).params;
  if (error.code === 'invite_invalid') return renderInvalidInvitePage(ctx.assets, error.message);
  let invite: InviteView | null = null;
  try {
    invite = await ctx.services.invites.requireUsable(code);
  } catch (lookupError) {
    if (lookupError instanceof DomainError && lookupError.code === 'invite_invalid') {
      return renderInvalidInvitePage(ctx.assets, lookupError.message);
    }
    // The refusal is what the person needs to see; the lead text can do without the invite.
  }
  return formPage(ctx, code, invite, typedUsername(request), formErrorFrom(error));
}

/**
 * The empty form depends only on the invite's code and account lifetime (everything else is
 * fixed at start-up), so it is rendered once per invite: the page everyone opens stays cheap.
 * Bounded, because codes come from the outside (though only usable ones reach it).
 */
class BlankFormCache {
  // Kept as bytes: converting 3 KB of text on every request showed up in profiles.
  private readonly pages = new Map<string, Buffer>();

  constructor(
    private readonly render: (code: string, invite: InviteView) => string,
    private readonly limit = 1000,
  ) {}

  get(code: string, invite: InviteView): Buffer {
    const key = `${code}\n${invite.account_expiry ?? ''}`;
    let page = this.pages.get(key);
    if (page === undefined) {
      if (this.pages.size >= this.limit) this.pages.clear();
      page = Buffer.from(this.render(code, invite));
      this.pages.set(key, page);
    }
    return page;
  }
}

function sendPage(reply: FastifyReply, page: string | Buffer): FastifyReply {
  return reply.type(HTML).header('cache-control', 'no-store').send(page);
}

/** GET, HEAD and POST /invite/:code: the sign-up form that works without JavaScript. */
export async function inviteRoutes(app: FastifyInstance, ctx: HttpContext): Promise<void> {
  await app.register(formbody);
  const config = {
    anonymous: true,
    renderError: (request: FastifyRequest, error: DomainError) => renderRefusal(ctx, request, error),
  };
  // An unusable invite on GET is a 404 page whatever the reason: no oracle for guessers.
  const getConfig = {
    anonymous: true,
    renderError: (_request: FastifyRequest, error: DomainError) =>
      error.code === 'invite_invalid'
        ? renderInvalidInvitePage(ctx.assets, error.message)
        : renderUnavailablePage(ctx.assets, error.message),
  };

  const blankForms = new BlankFormCache((code, invite) => formPage(ctx, code, invite, ''));
  app.get<{ Params: { code: string } }>('/invite/:code', { config: getConfig }, async (request, reply) => {
    const invite = await ctx.services.invites.requireUsable(request.params.code);
    return sendPage(reply, blankForms.get(request.params.code, invite));
  });

  app.post<{ Params: { code: string } }>('/invite/:code', { config }, async (request, reply) => {
    const parsed = signupFormSchema.safeParse(request.body ?? {});
    if (!parsed.success) {
      const { message, field } = describeIssues(parsed.error);
      throw new DomainError('bad_request', message, field ? { field } : {});
    }
    const result = await ctx.services.signup.signup(request.params.code, parsed.data);
    const page = renderSuccessPage(ctx.assets, {
      name: result.user.name,
      expiresAt: result.user.expires_at,
      jellyfinUrl: ctx.services.jellyfinPublicUrl,
    });
    return sendPage(reply, page);
  });
}
