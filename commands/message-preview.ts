import { z } from 'zod';
import { MESSAGE_IDS, SAMPLE_VARIABLES, isMessageId, variablesOf, type MessageId } from '../src/messages/ids.ts';
import { escapeMarkdown } from '../src/messages/values.ts';
import { DomainError } from './errors.ts';
import { opt } from './options.ts';
import type { ReplyField } from './reply.ts';
import { defineCommand } from './types.ts';

export const messagePreview = defineCommand({
  name: 'message preview',
  description: 'Show a message of the catalogue (subject and text) filled with sample values, in a language.',
  options: z.object({
    id: opt.text('The message id, e.g. welcome or expiry_reminder'),
    lang: opt.text('A language code such as en, de or fr (default: messages.language)').optional(),
  }),
  positional: 'id',
  access: 'admin',
  examples: ['message preview welcome', 'message preview expiry_reminder lang:de'],
  async run(ctx, args) {
    const catalogue = ctx.services.messages;
    if (!catalogue) throw new DomainError('not_found', 'The message catalogue is not available here.');
    const id = args.id.toLowerCase();
    if (!isMessageId(id)) {
      throw new DomainError('not_found', `There is no message "${args.id.slice(0, 40)}". The messages are: ${MESSAGE_IDS.join(', ')}.`, { field: 'id' });
    }
    const asked = args.lang ?? catalogue.pickLanguage({});
    const message = catalogue.render(id, asked, SAMPLE_VARIABLES[id]);
    const { template } = catalogue.templateFor(id, asked);
    return {
      text: `**${escapeMarkdown(message.subject)}**\n\n${message.markdown}`,
      fields: previewFields(id, asked, message.lang, template.file, catalogue.problems()),
      data: { id, lang: message.lang, subject: message.subject, markdown: message.markdown, template: template.file },
    };
  },
});

function previewFields(id: MessageId, asked: string, used: string, file: string, problems: string[]): ReplyField[] {
  const fields: ReplyField[] = [
    { label: 'message', value: id },
    { label: 'language', value: used.toLowerCase() === asked.toLowerCase() ? used : `${used} (there is no ${asked} version)` },
    { label: 'variables', value: Object.keys(variablesOf(id)).join(', ') },
    { label: 'template', value: file },
  ];
  // A refused override explains why the built-in text shows up instead of the admin's.
  for (const problem of problems.filter((text) => text.includes(`/${id}.md:`))) fields.push({ label: 'override refused', value: problem });
  return fields;
}
