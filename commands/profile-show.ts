import { z } from 'zod';
import { policySummary, profileFields } from './profile-view.ts';
import { opt } from './options.ts';
import { defineCommand } from './types.ts';

export const profileShow = defineCommand({
  name: 'profile show',
  description: 'Show a setting profile and the main points of its policy.',
  options: z.object({ name: opt.text('The profile') }),
  positional: 'name',
  access: 'admin',
  examples: ['profile show Friends'],
  async run(ctx, args) {
    const profile = await ctx.services.profiles.show(args.name);
    return {
      text: `Profile ${profile.name}${profile.is_default ? ' (the default)' : ''}`,
      fields: [...profileFields(profile), ...policySummary(profile.policy)],
      data: { profile },
    };
  },
});
