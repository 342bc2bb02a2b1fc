import { z } from 'zod';
import { chatIdentityOf, PLATFORM_LABEL } from './chat-caller.ts';
import { when, yesNo } from './format.ts';
import { defineCommand } from './types.ts';

export const me = defineCommand({
  name: 'me',
  description: 'Show your account: name, expiry, linked chats, language and whether notices reach this chat.',
  options: z.object({}),
  access: 'linked',
  dmOnly: true,
  examples: ['me'],
  async run(ctx) {
    const details = await ctx.services.contacts.me(chatIdentityOf(ctx.caller));
    const account = details.account!;
    const channels = details.channels.map((c) => `${PLATFORM_LABEL[c.platform]}${c.handle ? ` ${c.handle}` : ''}${c.notify ? '' : ' (notices off)'}`);
    return {
      text: `Your account: ${account.username}`,
      fields: [
        { label: 'account', value: account.username },
        { label: 'expires', value: when(account.expires_at) },
        { label: 'linked chats', value: channels.join(', ') || 'none' },
        { label: 'language', value: details.lang ?? 'default' },
        { label: 'notices here', value: yesNo(details.notify) },
      ],
      secret: true,
      data: { me: details },
    };
  },
});
