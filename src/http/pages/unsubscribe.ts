import { html } from '../html.ts';
import { layout, messagePage, type PageAssets } from './layout.ts';

/**
 * The opt-out page of announcement emails. Opening the link only asks; the button does it, so a
 * mail scanner that follows links cannot switch announcements off on someone's behalf.
 */
export function renderUnsubscribeForm(assets: PageAssets, username: string): string {
  const body = html`<h1>Stop announcements by email</h1>
<p class="lead">Announcements from this Jellyfin server will no longer be emailed to ${username}. Messages about your account itself (a password reset, your access ending) still arrive.</p>
<form method="post" id="unsubscribe-form">
<button type="submit" class="button">Stop announcement emails</button>
</form>`;
  return layout({ title: 'Stop announcements by email', assets, body }).value;
}

export function renderUnsubscribedPage(assets: PageAssets, username: string): string {
  return messagePage(assets, 'Announcements stopped', [
    `Announcements will no longer be emailed to ${username}.`,
    'Changed your mind? Ask an admin of the server to switch them on again.',
  ]).value;
}

export function renderUnsubscribeInvalidPage(assets: PageAssets, message: string): string {
  return messagePage(assets, 'This link cannot be used', [message]).value;
}
