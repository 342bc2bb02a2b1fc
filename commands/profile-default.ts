import { z } from 'zod';
import { profileFields } from './profile-view.ts';
import { opt } from './options.ts';
import { defineCommand } from './types.ts';

export const profileDefault = defineCommand({
  name: 'profile default',
  description: 'Make a profile the default: invites without a profile use it.',
  options: z.object({ name: opt.text('The profile') }),
  positional: 'name',
  access: 'admin',
  examples: ['profile default Friends'],
  async run(ctx, args) {
    const profile = await ctx.services.profiles.setDefault(args.name);
    return { text: `Profile ${profile.name} is now the default.`, fields: profileFields(profile), data: { profile } };
  },
});
