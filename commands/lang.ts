import { z } from 'zod';
import { chatIdentityOf } from './chat-caller.ts';
import { opt } from './options.ts';
import { defineCommand } from './types.ts';

export const lang = defineCommand({
  name: 'lang',
  description: 'Choose the language of the messages you get here, e.g. lang de.',
  options: z.object({ code: opt.text('A language code such as en, de or pt-BR') }),
  positional: 'code',
  access: 'anyone',
  examples: ['lang de', 'lang pt-BR'],
  async run(ctx, args) {
    await ctx.services.contacts.setLanguage(chatIdentityOf(ctx.caller), args.code);
    return { text: `Language set to ${args.code}.` };
  },
});
