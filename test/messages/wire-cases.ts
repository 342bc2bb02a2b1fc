import { MessageCatalogue } from '../../src/messages/catalogue.ts';
import { MESSAGE_IDS, SAMPLE_VARIABLES, variablesOf, type MessageId, type VariableValue } from '../../src/messages/ids.ts';

/**
 * The cases the wire tests send: every catalogue message in every shipped language, rendered with
 * the sample values except that every `text` value (usernames, reasons, labels) is a nasty one full
 * of Markdown and HTML specials. Each channel must show it to the reader exactly as typed.
 */

/** A person's words that would make a link, emphasis or a tag if any layer forgot to escape them. */
export const NASTY = 'a_b*c <b>&"x" [y](https://evil.example)';

/** NASTY as Markdown must carry it (`_ * [ ] ( )` and a closing `>` escaped, the rest as typed). */
export const ESCAPED = String.raw`a\_b\*c <b\>&"x" \[y\]\(https://evil.example\)`;

export interface WireCase {
  /** `welcome/de`: the snapshot name. */
  name: string;
  id: MessageId;
  lang: string;
  subject: string;
  markdown: string;
}

/** A fixed timezone so the dates in the snapshots never depend on the machine. */
export function wireCatalogue(): MessageCatalogue {
  return new MessageCatalogue({ defaultLanguage: 'en', timezone: 'Europe/Berlin' });
}

export function nastyVariables(id: MessageId): Record<string, VariableValue> {
  const values: Record<string, VariableValue> = { ...SAMPLE_VARIABLES[id] };
  for (const [name, kind] of Object.entries(variablesOf(id))) {
    if (kind === 'text') values[name] = NASTY;
  }
  return values;
}

/** Whether the message shows a `text` value at all (all but `invite`): then the nasty value must arrive. */
export function showsText(id: MessageId): boolean {
  return Object.values(variablesOf(id)).includes('text');
}

export function wireCases(catalogue: MessageCatalogue = wireCatalogue()): WireCase[] {
  const cases: WireCase[] = [];
  for (const lang of catalogue.languages()) {
    for (const id of MESSAGE_IDS) {
      const rendered = catalogue.render(id, lang, nastyVariables(id) as never);
      if (rendered.lang !== lang) throw new Error(`${id} has no ${lang} template (got ${rendered.lang})`);
      cases.push({ name: `${id}/${lang}`, id, lang, subject: rendered.subject, markdown: rendered.markdown });
    }
  }
  return cases;
}

/** A link made from the nasty value: it must never appear, on any channel. */
export const EVIL_LINK = /href="https:\/\/evil\.example/;
