import { z } from 'zod';
import { PLATFORM_LABEL } from './chat-caller.ts';
import { opt } from './options.ts';
import { defineCommand } from './types.ts';

const platforms = ['telegram', 'discord', 'matrix'] as const;

export const userLink = defineCommand({
  name: 'user link',
  description: "Link a chat account to a Jellyfin user (the chat account's id, or a handle that has written to the bot).",
  options: z.object({
    user: opt.text('The Jellyfin username (or user id)'),
    platform: z.enum(platforms, { error: `expected ${platforms.join(', ')}` }).describe('telegram, discord or matrix'),
    id: opt.text('The chat user id, or a handle like @alice'),
  }),
  positional: ['user', 'platform', 'id'],
  access: 'admin',
  examples: ['user link alice telegram 123456789', 'user link alice telegram @alice'],
  async run(ctx, args) {
    const { username, identity } = await ctx.services.contacts.linkAccount({ user: args.user, platform: args.platform, who: args.id });
    const who = identity.handle ? `${identity.handle} (${identity.user_id})` : identity.user_id;
    return {
      text: `${PLATFORM_LABEL[args.platform]} account ${who} is now linked to ${username}.`,
      data: { username, identity },
    };
  },
});
