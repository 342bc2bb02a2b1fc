import { PLATFORMS, type Platform } from '../../chat/types.ts';
import type { DomainError } from '../../core/errors.ts';
import { attr, html, idList, type Html } from '../html.ts';
import { describeDate, describeDuration, describePasswordRules, type PasswordRules } from '../wording.ts';
import { renderContactSection, type ContactSectionView } from './contact-section.ts';
import { layout, messagePage, type PageAssets } from './layout.ts';

export const FORM_FIELDS = ['username', 'password', 'password_confirm'] as const;
export type FormField = (typeof FORM_FIELDS)[number];

/** The page fields of a contact section: the section itself, the handle and the typed PIN. */
function contactFields(platform: Platform): string[] {
  return [platform, `${platform}_handle`, `${platform}_pin`];
}

/** Every field an error may point at, in page order. */
const PAGE_FIELDS: readonly string[] = [...FORM_FIELDS, ...PLATFORMS.flatMap(contactFields)];

/** Refusals about a chat contact that carry no field of their own: they belong next to its section. */
const CONTACT_CODES = new Set(['contact_required', 'contact_unverified', 'contact_taken', 'handle_unknown', 'dm_closed', 'pin_invalid', 'rate_limited', 'chat_unavailable']);

/** A refusal as the form shows it: one summary at the top, messages next to the fields concerned. */
export interface FormError {
  message: string;
  /** Each field's messages (a weak password may break several rules at once); contact fields too. */
  fields: Partial<Record<string, string[]>>;
  /** The summary's heading; "Your account was not created" unless a contact step failed. */
  title?: string;
}

export interface SignupFormView {
  assets: PageAssets;
  /** The JSON route the script posts to. */
  apiUrl: string;
  /**
   * Where the form posts: the invite page, named outright because a contact button's answer
   * (`/invite/{code}/contacts/telegram/pin`) shows the same form under another address.
   */
  formUrl: string;
  jellyfinUrl: string;
  rules: PasswordRules;
  /** The invite's account lifetime (`30d`), or null when accounts do not expire. */
  accountExpiry: string | null;
  /** What was typed into username; passwords are never sent back. */
  username: string;
  /** One section per enabled chat platform (contacts.<platform>.mode is not off). */
  contacts?: ContactSectionView[];
  error?: FormError;
  /** The field to focus when there is no error to point at (a PIN just sent, say). */
  focus?: string;
}

export interface SuccessView {
  name: string;
  expiresAt: string | null;
  jellyfinUrl: string;
}

/**
 * Where an error belongs on the page. `contacts.telegram` is the Telegram section; the contact
 * routes' `handle` / `pin` are that platform's fields; a contact refusal without a field goes to
 * the section of `platform` (the one the request concerned).
 */
function pageField(error: DomainError, field: string | undefined, platform: Platform | undefined): string | undefined {
  if (!field) return platform && CONTACT_CODES.has(error.code) ? platform : undefined;
  const contact = /^contacts\.(\w+)$/.exec(field);
  if (contact) return contact[1];
  if (platform && (field === 'handle' || field === 'pin')) return `${platform}_${field}`;
  return field;
}

export function formErrorFrom(error: DomainError, options: { platform?: Platform; title?: string } = {}): FormError {
  const fields: FormError['fields'] = {};
  const { field, problems } = error.details;
  const add = (name: string | undefined, message: string) => {
    if (!name || !PAGE_FIELDS.includes(name)) return;
    const list = (fields[name] ??= []);
    if (!list.includes(message)) list.push(message);
  };
  for (const problem of problems ?? []) add(pageField(error, problem.field, options.platform), problem.message);
  const own = pageField(error, field, options.platform);
  if (own && !fields[own]) add(own, error.message);
  return { message: error.message, fields, ...(options.title ? { title: options.title } : {}) };
}

/** Only a re-rendered form moves the focus: to the first field that needs attention. */
function firstErrorField(view: SignupFormView): string | undefined {
  return PAGE_FIELDS.find((field) => view.error?.fields[field]) ?? (view.error ? undefined : view.focus);
}

function fieldError(field: string, messages: string[] | undefined): Html {
  const lines = (messages ?? []).map((message) => html`<p><span class="visually-hidden">Error: </span>${message}</p>`);
  return html`<div class="field-error" id="${field}-error"${attr('hidden', lines.length === 0)}>${lines}</div>`;
}

function errorSummary(error: FormError | undefined): Html {
  const first = PAGE_FIELDS.find((field) => error?.fields[field]);
  const headlineIsFieldError = Boolean(first && error?.fields[first]?.[0] === error?.message);
  const links = PAGE_FIELDS.flatMap((field) =>
    (error?.fields[field] ?? [])
      .filter((message) => message !== error?.message)
      .map((message) => html`<li><a href="#${field}">${message}</a></li>`),
  );
  return html`<div class="status" id="form-status" role="alert" aria-live="assertive" tabindex="-1"${attr('hidden', !error)}>${
    error
      ? html`<h2>${error.title ?? 'Your account was not created'}</h2>
<p>${headlineIsFieldError ? html`<a href="#${first}">${error.message}</a>` : error.message}</p>${links.length > 0 ? html`<ul>${links}</ul>` : ''}`
      : ''
  }</div>`;
}

function usernameField(view: SignupFormView): Html {
  const messages = view.error?.fields.username;
  return html`<div class="field${messages ? ' has-error' : ''}">
<label for="username">Username</label>
<p class="hint" id="username-hint">Letters and digits; spaces and - _ ' . @ are allowed too.</p>
${fieldError('username', messages)}
<input id="username" name="username" type="text" value="${view.username}" autocomplete="username" autocapitalize="none" autocorrect="off" spellcheck="false" required maxlength="100" aria-describedby="${idList('username-hint', 'username-error')}"${attr('aria-invalid', messages ? 'true' : null)}${attr('autofocus', firstErrorField(view) === 'username')}>
</div>`;
}

function passwordField(view: SignupFormView, field: 'password' | 'password_confirm', label: string, hint: Html | null): Html {
  const messages = view.error?.fields[field];
  const minLength = view.rules.min_length > 0 ? view.rules.min_length : null;
  return html`<div class="field${messages ? ' has-error' : ''}">
<label for="${field}">${label}</label>
${hint ?? ''}
${fieldError(field, messages)}
<input id="${field}" name="${field}" type="password" autocomplete="new-password" required${attr('minlength', minLength)} aria-describedby="${idList(hint && 'password-rules', `${field}-error`)}"${attr('aria-invalid', messages ? 'true' : null)}${attr('autofocus', firstErrorField(view) === field)}>
</div>`;
}

/** The rules in words, under the password's label (null when every rule is off). */
function passwordRules(rules: PasswordRules): Html | null {
  const lines = describePasswordRules(rules);
  if (lines.length === 0) return null;
  return html`<div class="hint" id="password-rules"><p>It needs:</p><ul>${lines.map((line) => html`<li>${line}</li>`)}</ul></div>`;
}

/**
 * Enter in a text field presses the form's first submit button. The contact sections bring their
 * own submit buttons (Link Telegram, Send me a PIN) before "Create account", so an unseen copy of
 * "Create account" comes first: Enter still creates the account.
 */
const DEFAULT_SUBMIT = html`<button type="submit" class="default-submit" tabindex="-1" aria-hidden="true">Create account</button>
`;

function contactSections(view: SignupFormView): Html {
  const focus = firstErrorField(view);
  return html`${(view.contacts ?? []).map((section) => renderContactSection(section, view.error?.fields ?? {}, focus))}`;
}

export function renderSignupForm(view: SignupFormView): string {
  const body = html`<h1>Create your account</h1>
<p class="lead">You have been invited to a Jellyfin media server. Choose a username and a password to sign in with.${
    view.accountExpiry ? html` Accounts made with this invite last ${describeDuration(view.accountExpiry)}.` : ''
  }</p>
${errorSummary(view.error)}
<form method="post" action="${view.formUrl}" id="signup-form" data-api="${view.apiUrl}" data-jellyfin-url="${view.jellyfinUrl}">
${view.contacts?.length ? DEFAULT_SUBMIT : ''}${usernameField(view)}
${passwordField(view, 'password', 'Password', passwordRules(view.rules))}
${passwordField(view, 'password_confirm', 'Repeat the password', null)}
${contactSections(view)}
<button type="submit" class="button" id="submit">Create account</button>
</form>
<template id="success-template">${successSection({ name: '', expiresAt: null, jellyfinUrl: view.jellyfinUrl })}</template>`;
  const title = view.error ? 'Error: Create your account' : 'Create your account';
  return layout({ title, assets: view.assets, body, withScript: true }).value;
}

/**
 * The success state. The form page carries the same markup in a <template> with empty slots
 * (`data-slot`), so the script shows exactly what the server would have shown.
 */
function successSection(view: SuccessView): Html {
  return html`<section class="success" id="success" aria-labelledby="success-title">
<h1 id="success-title" tabindex="-1">Welcome, <span data-slot="name">${view.name}</span>!</h1>
<p>Your Jellyfin account is ready. Sign in with the username <strong data-slot="name">${view.name}</strong> and the password you just chose.</p>
<p data-slot="expiry"${attr('hidden', !view.expiresAt)}>Your account is valid until <time data-slot="expires-at"${attr('datetime', view.expiresAt)}>${view.expiresAt ? describeDate(view.expiresAt) : ''}</time>.</p>
<p><a class="button" href="${view.jellyfinUrl}">Open Jellyfin</a></p>
<p class="small">Jellyfin's address: <a href="${view.jellyfinUrl}">${view.jellyfinUrl}</a></p>
</section>`;
}

export function renderSuccessPage(assets: PageAssets, view: SuccessView): string {
  return layout({ title: 'Your account is ready', assets, body: successSection(view) }).value;
}

export function renderInvalidInvitePage(assets: PageAssets, message: string): string {
  return messagePage(assets, 'This invite cannot be used', [message]).value;
}

export function renderUnavailablePage(assets: PageAssets, message: string): string {
  return messagePage(assets, 'Sign-up is not available right now', [message]).value;
}

export function renderNotFoundPage(assets: PageAssets): string {
  return messagePage(assets, 'Page not found', ['There is nothing at this address. Check the link you were sent.']).value;
}

export function renderApologyPage(assets: PageAssets, reference: string): string {
  return messagePage(assets, 'Something went wrong', [
    'Sorry, something went wrong on our side and your request was not completed. Please try again in a few minutes.',
    html`If it keeps happening, tell the person who invited you and give them this reference: <code>${reference}</code>.`,
  ]).value;
}
