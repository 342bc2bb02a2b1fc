import { z } from 'zod';
import { profileFields } from './profile-view.ts';
import { opt } from './options.ts';
import { defineCommand } from './types.ts';

export const profileRename = defineCommand({
  name: 'profile rename',
  description: 'Rename a profile; invites that use it follow the new name.',
  options: z.object({
    name: opt.text('The profile'),
    to: opt.text('Its new name'),
  }),
  positional: 'name',
  access: 'admin',
  examples: ['profile rename Friends to:Family'],
  async run(ctx, args) {
    const profile = await ctx.services.profiles.rename(args.name, args.to);
    return { text: `Profile ${args.name} is now called ${profile.name}.`, fields: profileFields(profile), data: { profile } };
  },
});
