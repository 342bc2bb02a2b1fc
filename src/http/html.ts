/**
 * A tiny escaping template helper. Everything interpolated into `html` is escaped unless it is
 * itself an `Html` value, so hostile input (a typed username, an error message) can never
 * become markup. There is no other way to build page text in src/http.
 */
export class Html {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]);
}

function render(value: HtmlValue): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  // false, null and undefined render nothing, so `${cond && html`…`}` reads naturally.
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new Html(out);
}

/** Marks text that is already safe markup (only for constants written in this code base). */
export function trusted(markup: string): Html {
  return new Html(markup);
}

/** Several space-separated ids for aria-describedby, skipping the absent ones. */
export function idList(...ids: (string | null | undefined | false)[]): string | null {
  const present = ids.filter((id): id is string => Boolean(id));
  return present.length > 0 ? present.join(' ') : null;
}

/** An attribute that is left out entirely when its value is null or false. */
export function attr(name: string, value: string | number | boolean | null | undefined): Html {
  if (value === null || value === undefined || value === false) return new Html('');
  if (value === true) return html` ${name}`;
  return html` ${name}="${String(value)}"`;
}
