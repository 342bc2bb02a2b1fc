import { z } from 'zod';
import { chatIdentityOf } from './chat-caller.ts';
import { opt } from './options.ts';
import { defineCommand } from './types.ts';

export const notify = defineCommand({
  name: 'notify',
  description: 'Turn account notices in this chat on or off (notify on, notify off).',
  options: z.object({ state: opt.flag('on or off') }),
  positional: 'state',
  access: 'linked',
  examples: ['notify off', 'notify on'],
  async run(ctx, args) {
    await ctx.services.contacts.setNotify(chatIdentityOf(ctx.caller), args.state);
    return { text: args.state ? 'Notices about your account will reach you here.' : 'No more notices here. Send notify on to get them again.' };
  },
});
