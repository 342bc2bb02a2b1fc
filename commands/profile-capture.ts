import { z } from 'zod';
import { profileFields } from './profile-view.ts';
import { opt } from './options.ts';
import { defineCommand } from './types.ts';

export const profileCapture = defineCommand({
  name: 'profile capture',
  description: "Save a Jellyfin user's settings as a profile that new accounts get.",
  options: z.object({
    name: opt.text('Name of the profile to create (or to replace)'),
    from: opt.text('The Jellyfin user whose policy is copied'),
    homescreen: opt.flag("Also copy the user's settings and home screen layout").optional(),
  }),
  access: 'admin',
  examples: ['profile capture name:Friends from:template homescreen:true'],
  async run(ctx, args) {
    const profile = await ctx.services.profiles.capture(args);
    const extra = profile.has_display_prefs ? ', settings and home screen' : '';
    return {
      text: `Profile ${profile.name} captured from ${args.from}: their policy${extra}.`,
      fields: profileFields(profile),
      data: { profile },
    };
  },
});
