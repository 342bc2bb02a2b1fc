import { z } from 'zod';
import { chatIdentityOf } from './chat-caller.ts';
import { defineCommand } from './types.ts';

export const unlink = defineCommand({
  name: 'unlink',
  description: 'Disconnect this chat from your Jellyfin account (notices stop coming here).',
  options: z.object({}),
  access: 'linked',
  examples: ['unlink'],
  async run(ctx) {
    const username = await ctx.services.contacts.unlink(chatIdentityOf(ctx.caller));
    return { text: `This chat is no longer linked to ${username}. Send link to link it again.` };
  },
});
