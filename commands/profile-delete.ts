import { z } from 'zod';
import { confirmOption, requireConfirmation } from './format.ts';
import { opt } from './options.ts';
import { defineCommand } from './types.ts';

export const profileDelete = defineCommand({
  name: 'profile delete',
  description: 'Delete a setting profile. Accounts made with it keep their settings.',
  options: z.object({
    name: opt.text('The profile'),
    confirm: confirmOption(),
  }),
  positional: 'name',
  access: 'admin',
  examples: ['profile delete Friends --yes'],
  async run(ctx, args) {
    // Looked up first, so a mistyped name is reported before any confirmation is asked for.
    const profile = await ctx.services.profiles.show(args.name);
    const note = profile.is_default ? ' It is the default profile.' : '';
    requireConfirmation(args.confirm, `This deletes profile ${profile.name}.${note}`);
    await ctx.services.profiles.remove(profile.name);
    return { text: `Profile ${profile.name} deleted.`, data: { deleted: profile.name } };
  },
});
