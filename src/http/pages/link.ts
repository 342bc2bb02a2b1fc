import { PLATFORM_NAMES, type Platform } from '../../chat/types.ts';
import { attr, html } from '../html.ts';
import { layout, messagePage, type PageAssets } from './layout.ts';

/**
 * The account-link page: someone who already has a Jellyfin account proves it by signing in, and
 * the chat account that asked for the link (`/link` in a DM) is bound to it. Plain HTML, no script.
 */

export interface LinkFormView {
  assets: PageAssets;
  platform: Platform;
  /** The chat handle as Doorman last saw it (`@alice`), when it has one. */
  handle: string | null;
  username: string;
  /** A refusal to show above the form (a wrong password, a chat account linked elsewhere). */
  error?: string;
}

function chatAccount(platform: Platform, handle: string | null): string {
  return handle ? `${PLATFORM_NAMES[platform]} ${handle}` : `your ${PLATFORM_NAMES[platform]} account`;
}

export function renderLinkForm(view: LinkFormView): string {
  const name = PLATFORM_NAMES[view.platform];
  const focusUsername = !view.error || view.username === '';
  const body = html`<h1>Link ${name} to your account</h1>
<p class="lead">Sign in with your Jellyfin username and password to link ${chatAccount(view.platform, view.handle)} to your Jellyfin account. This link works once, for 15 minutes.</p>
<div class="status" id="form-status" role="alert" tabindex="-1"${attr('hidden', !view.error)}>${
    view.error ? html`<h2>${name} was not linked</h2>\n<p>${view.error}</p>` : ''
  }</div>
<form method="post" id="link-form">
<div class="field">
<label for="username">Jellyfin username</label>
<input id="username" name="username" type="text" value="${view.username}" autocomplete="username" autocapitalize="none" autocorrect="off" spellcheck="false" required maxlength="100"${attr('autofocus', focusUsername && Boolean(view.error))}>
</div>
<div class="field">
<label for="password">Jellyfin password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${attr('autofocus', !focusUsername)}>
</div>
<button type="submit" class="button">Link ${name}</button>
</form>`;
  return layout({ title: view.error ? `Error: Link ${name}` : `Link ${name}`, assets: view.assets, body }).value;
}

export function renderLinkedPage(assets: PageAssets, result: { platform: Platform; handle: string | null; username: string }): string {
  const name = PLATFORM_NAMES[result.platform];
  const who = result.handle ? `${name} ${result.handle}` : `Your ${name} account`;
  return messagePage(assets, `${name} is linked`, [
    `${who} is now linked to ${result.username}.`,
    `You can close this page and go back to ${name}: send /me to the bot to see your account.`,
  ]).value;
}

export function renderLinkInvalidPage(assets: PageAssets, message: string): string {
  return messagePage(assets, 'This link cannot be used', [message]).value;
}
