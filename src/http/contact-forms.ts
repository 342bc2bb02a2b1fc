import { PLATFORMS, PLATFORM_NAMES, type Platform } from '../chat/types.ts';
import type { Config } from '../config/schema.ts';
import { contactRule } from '../core/contact-rules.ts';
import { DomainError, isDomainError } from '../core/errors.ts';
import type { SignupInput } from '../core/views.ts';
import type { HttpContext } from './context.ts';
import type { ContactSectionView, ContactState } from './pages/contact-section.ts';

/**
 * The sign-up page's chat contacts: which platforms it offers (contacts.<platform>.mode), how the
 * form's `<platform>_pin` / `<platform>_handle` fields become the sign-up's `contacts`, and the
 * state each contact section is re-rendered in.
 */

export type ContactStates = Partial<Record<Platform, ContactState>>;

/** The platforms whose contact section the page shows, in a fixed order. */
export function enabledPlatforms(config: Pick<Config, 'contacts'>): Platform[] {
  return PLATFORMS.filter((platform) => contactRule(config, platform).mode !== 'off');
}

/** A platform from a URL: unknown and switched-off platforms are alike "not found". */
export function requirePlatform(config: Pick<Config, 'contacts'>, text: string): Platform {
  const platform = PLATFORMS.find((known) => known === text);
  if (!platform || contactRule(config, platform).mode === 'off') {
    const name = platform ? `${PLATFORM_NAMES[platform]} linking is` : 'That chat platform is';
    throw new DomainError('not_found', `${name} not enabled here.`);
  }
  return platform;
}

/** Where tapping opens the bot with the PIN filled in; only Telegram has such links. */
export function deepLink(platform: Platform, botHandle: string | undefined, pin: string): string | undefined {
  if (platform !== 'telegram' || !botHandle) return undefined;
  return `https://t.me/${encodeURIComponent(botHandle)}?start=${encodeURIComponent(pin)}`;
}

function field(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.trim() : '';
}

/** The form's contact fields as the sign-up's `contacts` (a platform without a PIN is left out). */
export function contactsFromForm(config: Pick<Config, 'contacts'>, body: unknown): SignupInput['contacts'] {
  const contacts: NonNullable<SignupInput['contacts']> = {};
  for (const platform of enabledPlatforms(config)) {
    const pin = field(body, `${platform}_pin`);
    const handle = field(body, `${platform}_handle`);
    if (pin) contacts[platform] = handle ? { pin, handle } : { pin };
  }
  return Object.keys(contacts).length > 0 ? contacts : undefined;
}

/** The typed handle, for a section re-rendered after the bot could not send a PIN. */
const HANDLE_EXAMPLES: Record<Platform, string> = {
  telegram: 'your Telegram username (like @alice)',
  discord: 'your Discord username (like alice) or user id',
  matrix: 'your Matrix ID (like @alice:example.org)',
};

/** The refusal when the page's handle field was left empty. */
export function handleMissing(platform: Platform): DomainError {
  return new DomainError('validation', `First type ${HANDLE_EXAMPLES[platform]}, then ask for a PIN.`, { field: 'handle' });
}

export function typedHandle(body: unknown, platform: Platform): string {
  return field(body, `${platform}_handle`);
}

/**
 * What each section showed when the form was sent, so a re-rendered page shows it again: a PIN
 * typed from the bot (with its handle), or a page PIN, asked once more whether the bot has it yet
 * (an unknown or expired one is dropped, so the section offers a new one). `except` is the
 * section the caller renders itself.
 */
export async function contactStatesFromForm(ctx: HttpContext, code: string, body: unknown, ip: string, except?: Platform): Promise<ContactStates> {
  const states: ContactStates = {};
  for (const platform of enabledPlatforms(ctx.config)) {
    if (platform === except) continue;
    const pin = field(body, `${platform}_pin`);
    const handle = field(body, `${platform}_handle`);
    if (pin && handle) states[platform] = { kind: 'dm', handle, pin };
    else if (pin) states[platform] = await pagePinState(ctx, { inviteCode: code, platform, pin, ip });
    else states[platform] = { kind: 'idle', handle };
  }
  return states;
}

async function pagePinState(ctx: HttpContext, input: { inviteCode: string; platform: Platform; pin: string; ip: string }): Promise<ContactState> {
  try {
    const { verified } = await ctx.services.contacts.pinStatus(input);
    return { kind: 'pin', pin: input.pin, verified };
  } catch (error) {
    if (isDomainError(error) && error.code === 'not_found') return { kind: 'idle', handle: '' };
    if (isDomainError(error)) return { kind: 'pin', pin: input.pin, verified: false };
    throw error;
  }
}

/** The sections of an invite's page, each in its state (idle when the form said nothing of it). */
export function contactSections(ctx: HttpContext, code: string, states: ContactStates = {}): ContactSectionView[] {
  const invite = `${ctx.basePath}/invite/${encodeURIComponent(code)}/contacts`;
  const api = `${ctx.basePath}/api/v1/invites/${encodeURIComponent(code)}/contacts`;
  return enabledPlatforms(ctx.config).map((platform) => ({
    platform,
    required: contactRule(ctx.config, platform).mode === 'required',
    botHandle: ctx.botHandle(platform),
    pinAction: `${invite}/${platform}/pin`,
    dmAction: `${invite}/${platform}/dm`,
    pinApi: `${api}/${platform}/pin`,
    dmApi: `${api}/${platform}/dm`,
    state: states[platform] ?? { kind: 'idle', handle: '' },
  }));
}
