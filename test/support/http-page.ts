/** Small readers for server-rendered pages (no DOM library: the markup is ours and regular). */

export function inputTag(page: string, name: string): string | undefined {
  return page.match(new RegExp(`<input[^>]*\\bname="${name}"[^>]*>`))?.[0];
}

export function attrOf(tag: string | undefined, name: string): string | undefined {
  if (!tag) return undefined;
  const match = tag.match(new RegExp(`\\s${name}(?:="([^"]*)")?(?=[\\s>])`));
  return match ? (match[1] ?? '') : undefined;
}

/** The messages shown next to a field, or null when its error box is hidden. */
export function fieldErrors(page: string, field: string): string[] | null {
  const match = page.match(new RegExp(`<div class="field-error" id="${field}-error"( hidden)?>(.*?)</div>`));
  if (!match || match[1]) return null;
  return [...match[2].matchAll(/<p>(.*?)<\/p>/g)].map((line) => decode(line[1].replace(/<[^>]+>/g, '')).replace(/^Error: /, ''));
}

export function labelFor(page: string, id: string): string | undefined {
  return page.match(new RegExp(`<label for="${id}">([^<]*)</label>`))?.[1];
}

export function decode(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Every URL the page would fetch by itself (stylesheets, scripts, images). */
export function fetchedResources(page: string): string[] {
  return [...page.matchAll(/<(?:link|script|img)[^>]*\b(?:href|src)="([^"]*)"/g)].map((m) => m[1]);
}
