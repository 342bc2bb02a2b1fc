import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import type { Platform } from '../../chat/types.ts';
import { DomainError } from '../../core/errors.ts';
import type { InviteView } from '../../core/views.ts';
import { contactSections, contactsFromForm, contactStatesFromForm, enabledPlatforms, type ContactStates } from '../contact-forms.ts';
import { HTML, type HttpContext } from '../context.ts';
import { formErrorFrom, renderInvalidInvitePage, renderSignupForm, renderUnavailablePage, renderSuccessPage, type FormError } from '../pages/signup.ts';
import { describeIssues, signupFormSchema } from '../schemas.ts';

type InviteRequest = FastifyRequest<{ Params: { code: string } }>;

/** What the re-rendered form shows again: the typed username and each contact section's state. */
export interface FormState {
  username: string;
  contacts?: ContactStates;
  /** The field to focus (after a PIN was sent: the PIN input). */
  focus?: string;
}

export function inviteApiUrl(ctx: HttpContext, code: string): string {
  return `${ctx.basePath}/api/v1/invites/${encodeURIComponent(code)}/signup`;
}

export function formPage(ctx: HttpContext, code: string, invite: InviteView | null, state: FormState, error?: FormError): string {
  return renderSignupForm({
    assets: ctx.assets,
    apiUrl: inviteApiUrl(ctx, code),
    formUrl: `${ctx.basePath}/invite/${encodeURIComponent(code)}`,
    jellyfinUrl: ctx.services.jellyfinPublicUrl,
    rules: ctx.config.password_rules,
    accountExpiry: invite?.account_expiry ?? null,
    username: state.username,
    contacts: contactSections(ctx, code, state.contacts),
    error,
    focus: state.focus,
  });
}

/** What was typed into username, if the body could be read at all. */
export function typedUsername(request: FastifyRequest): string {
  const body = request.body as { username?: unknown } | undefined;
  return typeof body?.username === 'string' ? body.username : '';
}

export interface RefusalOptions {
  /** The chat platform a contact route concerned: its refusals go next to that section. */
  platform?: Platform;
  /** The summary's heading, when what failed was not the sign-up itself. */
  title?: string;
  /** The contact states to show; by default what the form carried. */
  contacts?: ContactStates;
}

/** The platform whose PIN the sign-up carried, for a contact refusal that names no field. */
function contactOfSignup(ctx: HttpContext, body: unknown): Platform | undefined {
  const contacts = contactsFromForm(ctx.config, body);
  return enabledPlatforms(ctx.config).find((platform) => contacts?.[platform]) ?? enabledPlatforms(ctx.config)[0];
}

/**
 * A refusal shows the form again with the error next to its field, the typed username (never the
 * passwords) and each contact section as it was. An invite that stopped being usable gets the
 * invite page instead.
 */
export async function renderRefusal(ctx: HttpContext, request: FastifyRequest, error: DomainError, options: RefusalOptions = {}): Promise<string> {
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
  const contacts = options.contacts ?? (await contactStatesFromForm(ctx, code, request.body, request.ip));
  const platform = options.platform ?? contactOfSignup(ctx, request.body);
  const formError = formErrorFrom(error, { platform, title: options.title });
  return formPage(ctx, code, invite, { username: typedUsername(request), contacts }, formError);
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

  get(code: string, invite: InviteView, botHandles: string): Buffer {
    const key = `${code}\n${invite.account_expiry ?? ''}\n${botHandles}`;
    let page = this.pages.get(key);
    if (page === undefined) {
      if (this.pages.size >= this.limit) this.pages.clear();
      page = Buffer.from(this.render(code, invite));
      this.pages.set(key, page);
    }
    return page;
  }
}

export function sendPage(reply: FastifyReply, page: string | Buffer): FastifyReply {
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

  const blankForms = new BlankFormCache((code, invite) => formPage(ctx, code, invite, { username: '' }));
  // The bots' handles are part of the page and become known once their adapters run.
  const botHandles = () => enabledPlatforms(ctx.config).map((platform) => ctx.botHandle(platform) ?? '').join(',');
  app.get<{ Params: { code: string } }>('/invite/:code', { config: getConfig }, async (request, reply) => {
    const invite = await ctx.services.invites.requireUsable(request.params.code);
    return sendPage(reply, blankForms.get(request.params.code, invite, botHandles()));
  });

  app.post<{ Params: { code: string } }>('/invite/:code', { config }, async (request, reply) => {
    const parsed = signupFormSchema.safeParse(request.body ?? {});
    if (!parsed.success) {
      const { message, field } = describeIssues(parsed.error);
      throw new DomainError('bad_request', message, field ? { field } : {});
    }
    const contacts = contactsFromForm(ctx.config, request.body);
    const result = await ctx.services.signup.signup(request.params.code, { ...parsed.data, ...(contacts ? { contacts } : {}) });
    const page = renderSuccessPage(ctx.assets, {
      name: result.user.name,
      expiresAt: result.user.expires_at,
      jellyfinUrl: ctx.services.jellyfinPublicUrl,
    });
    return sendPage(reply, page);
  });
}
