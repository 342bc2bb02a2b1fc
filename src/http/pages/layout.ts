import { html, type Html } from '../html.ts';

/** Where the page's two static files live (content-hashed URLs, so they can be cached for good). */
export interface PageAssets {
  css: string;
  js: string;
}

export interface LayoutOptions {
  title: string;
  body: Html;
  assets: PageAssets;
  /** Only the sign-up form needs its script; the other pages are plain documents. */
  withScript?: boolean;
}

/**
 * The one document shell. No external resources: one stylesheet and, on the form, one deferred
 * script from this server. The empty data: icon stops browsers asking for /favicon.ico.
 */
export function layout(options: LayoutOptions): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${options.title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${options.assets.css}">
${options.withScript ? html`<script src="${options.assets.js}" defer></script>` : ''}
</head>
<body>
<main class="card" id="main">
${options.body}
</main>
</body>
</html>
`;
}

/** A page with a heading and a few paragraphs: invalid invite, apology, not found. */
export function messagePage(assets: PageAssets, title: string, paragraphs: (string | Html)[]): Html {
  return layout({
    title,
    assets,
    body: html`<h1>${title}</h1>
${paragraphs.map((text) => html`<p>${text}</p>\n`)}`,
  });
}
