import { z } from 'zod';
import { inviteFields } from './invite-view.ts';
import { opt } from './options.ts';
import { defineCommand } from './types.ts';

/** The invite's options, shared with `invite send`. */
export const inviteOptions = {
    uses: opt.count('How many accounts the link may create; 0 means unlimited (default from the config, usually 1)').optional(),
    valid: opt.duration('How long the link works, e.g. 7d (default from the config)').optional(),
    profile: opt.text('Setting profile applied to new accounts (default: the default profile)').optional(),
    expiry: opt.duration('Accounts made with it expire this long after signing up, e.g. 30d (default: never)').optional(),
    label: opt.text('A note for admins, e.g. who the link is for').optional(),
    user_label: opt.text('A label copied onto every account the link creates').optional(),
};

export const inviteCreate = defineCommand({
  name: 'invite create',
  description: 'Create an invite link that signs people up to Jellyfin.',
  options: z.object(inviteOptions),
  access: 'admin',
  examples: ['invite create', 'invite create uses:3 valid:7d profile:Friends expiry:30d label:"book club"'],
  async run(ctx, args) {
    const invite = await ctx.services.invites.create({ ...args, created_by: ctx.caller.name });
    return {
      text: `Invite created. Share this link:\n${invite.link}`,
      fields: inviteFields(invite),
      data: { invite },
    };
  },
});
