import { PLATFORM_NAMES, type Platform } from '../../chat/types.ts';
import { deepLink } from '../contact-forms.ts';
import { attr, html, idList, type Html } from '../html.ts';

/**
 * One chat platform's part of the sign-up form, in both directions:
 * page → bot ("Link Telegram" shows a PIN the person sends to the bot, carried in a hidden
 * `<platform>_pin`), and bot → page (the person types their handle, the bot DMs a PIN, the person
 * types it into `<platform>_pin`). Every button is a submit button of the sign-up form with its own
 * `formaction`, so it all works without JavaScript and keeps what was typed.
 */

export type ContactState =
  | { kind: 'idle'; handle: string }
  /** Page → bot: the PIN shown, and whether the bot has received it yet. */
  | { kind: 'pin'; pin: string; verified: boolean }
  /** Bot → page: the bot sent a PIN to `handle`; `pin` is what was typed so far. */
  | { kind: 'dm'; handle: string; pin: string };

export interface ContactSectionView {
  platform: Platform;
  required: boolean;
  /** The bot's handle without `@`, when its adapter is running. */
  botHandle: string | undefined;
  /** The form routes the two buttons post the form to. */
  pinAction: string;
  dmAction: string;
  /** The JSON routes the script uses instead (a PIN's status is `${pinApi}/${pin}`). */
  pinApi: string;
  dmApi: string;
  state: ContactState;
}

/** Errors by page field: `<platform>` (the section), `<platform>_handle`, `<platform>_pin`. */
export type ContactErrors = Partial<Record<string, string[]>>;

export function botName(view: Pick<ContactSectionView, 'platform' | 'botHandle'>): string {
  return view.botHandle ? `@${view.botHandle}` : `the Doorman bot on ${PLATFORM_NAMES[view.platform]}`;
}

export function waitingText(view: Pick<ContactSectionView, 'platform' | 'botHandle'>): string {
  return `Waiting for your message to ${botName(view)}…`;
}

export function linkedText(platform: Platform): string {
  return `${PLATFORM_NAMES[platform]} linked ✓`;
}

function errorBox(id: string, messages: string[] | undefined): Html {
  const lines = (messages ?? []).map((message) => html`<p><span class="visually-hidden">Error: </span>${message}</p>`);
  return html`<div class="field-error" id="${id}-error"${attr('hidden', lines.length === 0)}>${lines}</div>`;
}

/** Page → bot: the PIN, what to do with it, the deep link; the hidden field carries the PIN. */
function pinBlock(view: ContactSectionView, pin: string): Html {
  const link = deepLink(view.platform, view.botHandle, pin);
  return html`<div class="pin-block" data-pin="${pin}">
<p class="pin-label">Your PIN</p>
<p class="pin" data-slot="pin">${pin}</p>
<p class="pin-steps">${pinSteps(view, pin, link !== undefined)} The PIN works for 10 minutes.</p>
${link ? html`<p class="pin-steps"><a class="button secondary" data-slot="deep-link" href="${link}">Open ${PLATFORM_NAMES[view.platform]}</a></p>` : ''}
<input type="hidden" name="${view.platform}_pin" value="${pin}" data-slot="pin-value">
</div>`;
}

/** Where to send `/link PIN`: Discord's slash command works in a DM and in any channel of the server. */
function pinSteps(view: ContactSectionView, pin: string, hasLink: boolean): Html {
  const command = html`<code>/link <span data-slot="pin">${pin}</span></code>`;
  if (view.platform === 'discord') {
    return html`In Discord, send ${command} to <strong>${botName(view)}</strong> in a direct message or in any channel of the server.`;
  }
  if (view.platform === 'matrix') {
    // Matrix commands start with `!`; the bot answers in a direct chat the person starts with it.
    return html`In Matrix, start a direct chat with <strong>${botName(view)}</strong> and send <code>!link <span data-slot="pin">${pin}</span></code> there.`;
  }
  return html`Open <strong>${botName(view)}</strong> and send ${command}${hasLink ? ', or tap the link' : ''}.`;
}

/** The handle field's words: Discord finds members itself (username or id); elsewhere the person must write first. */
function handleCopy(view: ContactSectionView): { label: string; hint: string } {
  const name = PLATFORM_NAMES[view.platform];
  if (view.platform === 'discord') {
    return {
      label: 'Your Discord username or user id',
      hint: `Your username (not your display name) or your user id. You must be a member of the server, with direct messages from server members allowed (Discord: User Settings → Privacy & Safety); ${botName(view)} will message you.`,
    };
  }
  if (view.platform === 'matrix') {
    return { label: 'Your Matrix ID', hint: `Your full Matrix ID, like @alice:example.org. ${botName(view)} opens a direct chat with you and sends the PIN there: accept its invitation.` };
  }
  return { label: `Your ${name} username`, hint: `The bot can only message people who have sent it /start first: open ${botName(view)}, send /start, then come back.` };
}

/** Bot → page: the PIN the bot sent, typed back by the person. */
function typedPinField(view: ContactSectionView, handle: string, pin: string, messages: string[] | undefined, focus: boolean): Html {
  const id = `${view.platform}_pin`;
  return html`<div class="field${messages ? ' has-error' : ''}">
<label for="${id}">PIN from ${botName(view)}</label>
<p class="hint" id="${id}-hint">The bot sent a PIN to <span data-slot="handle">${handle}</span> on ${PLATFORM_NAMES[view.platform]}. Type it here within 10 minutes.</p>
${errorBox(id, messages)}
<input id="${id}" name="${id}" type="text" value="${pin}" autocomplete="one-time-code" autocapitalize="characters" autocorrect="off" spellcheck="false" maxlength="20"${attr('required', view.required)} aria-describedby="${idList(`${id}-hint`, `${id}-error`)}"${attr('aria-invalid', messages ? 'true' : null)}${attr('autofocus', focus)}>
</div>`;
}

function handleField(view: ContactSectionView, handle: string, messages: string[] | undefined, focus: boolean, disabled: boolean): Html {
  const id = `${view.platform}_handle`;
  const copy = handleCopy(view);
  return html`<div class="field${messages ? ' has-error' : ''}">
<label for="${id}">${copy.label}</label>
<p class="hint" id="${id}-hint">${copy.hint}</p>
${errorBox(id, messages)}
<input id="${id}" name="${id}" type="text" value="${handle}" autocomplete="off" autocapitalize="none" autocorrect="off" spellcheck="false" maxlength="100" aria-describedby="${idList(`${id}-hint`, `${id}-error`)}"${attr('aria-invalid', messages ? 'true' : null)}${attr('autofocus', focus)}${attr('disabled', disabled)}>
</div>`;
}

function statusText(view: ContactSectionView): string {
  if (view.state.kind !== 'pin') return '';
  return view.state.verified ? linkedText(view.platform) : waitingText(view);
}

/**
 * The section. `focus` names the page field to focus after a refusal (`telegram` = the section,
 * `telegram_handle`, `telegram_pin`).
 */
export function renderContactSection(view: ContactSectionView, errors: ContactErrors, focus: string | undefined): Html {
  const { platform, state } = view;
  const name = PLATFORM_NAMES[platform];
  const sectionErrors = errors[platform];
  const handle = state.kind === 'pin' ? '' : state.handle;
  const verified = state.kind === 'pin' && state.verified;
  return html`<fieldset class="contact${sectionErrors ? ' has-error' : ''}${verified ? ' verified' : ''}" id="${platform}" tabindex="-1" data-platform="${platform}" data-pin-api="${view.pinApi}" data-dm-api="${view.dmApi}" data-waiting="${waitingText(view)}" data-linked="${linkedText(platform)}" aria-describedby="${idList(`${platform}-hint`, `${platform}-error`)}"${attr('autofocus', focus === platform)}>
<legend>${name} <span class="legend-note">${view.required ? '(required)' : '(optional)'}</span></legend>
<p class="hint" id="${platform}-hint">${view.required ? `This invite needs your ${name} account linked to your new account.` : `Link your ${name} account to get notices from Doorman there.`}</p>
${errorBox(platform, sectionErrors)}
<div class="pin-box" id="${platform}-pin-box">${state.kind === 'pin' ? pinBlock(view, state.pin) : ''}</div>
<p class="contact-status${verified ? ' linked' : ''}" id="${platform}-status" role="status" aria-live="polite">${statusText(view)}</p>
<button type="submit" class="button secondary contact-link" id="${platform}-link" formaction="${view.pinAction}" formnovalidate data-contact-action="pin">${state.kind === 'pin' ? 'Get a new PIN' : `Link ${name}`}</button>
<div class="contact-alt" id="${platform}-dm-block"${attr('hidden', state.kind === 'pin')}>
<p class="contact-or">Or let the bot send you a PIN:</p>
${handleField(view, handle, errors[`${platform}_handle`], focus === `${platform}_handle`, state.kind === 'pin')}
<button type="submit" class="button secondary" id="${platform}-dm" formaction="${view.dmAction}" formnovalidate data-contact-action="dm">${state.kind === 'dm' ? 'Send a new PIN' : 'Send me a PIN'}</button>
<div class="typed-pin" id="${platform}-typed-pin">${state.kind === 'dm' ? typedPinField(view, state.handle, state.pin, errors[`${platform}_pin`], focus === `${platform}_pin`) : ''}</div>
</div>
</fieldset>
<template id="${platform}-pin-template">${pinBlock(view, '')}</template>
<template id="${platform}-dm-template">${typedPinField(view, '', '', undefined, false)}</template>`;
}
