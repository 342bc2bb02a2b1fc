import { z } from 'zod';
import { confirmOption, requireConfirmation } from './format.ts';
import { inviteFields, usesText } from './invite-view.ts';
import { opt } from './options.ts';
import { defineCommand } from './types.ts';

export const inviteRevoke = defineCommand({
  name: 'invite revoke',
  description: 'Stop an invite link from working. Accounts already made with it stay.',
  options: z.object({
    code: opt.text('The invite code (the last part of its link)'),
    confirm: confirmOption(),
  }),
  positional: 'code',
  access: 'admin',
  examples: ['invite revoke CODE --yes'],
  async run(ctx, args) {
    // Looked up first, so a mistyped code is reported before any confirmation is asked for.
    const current = await ctx.services.invites.show(args.code);
    const about = current.label ? ` (${current.label}, ${usesText(current)})` : ` (${usesText(current)})`;
    requireConfirmation(args.confirm, `This revokes invite ${current.code}${about}: its link stops working.`);
    const invite = await ctx.services.invites.revoke(current.code);
    return { text: `Invite ${invite.code} revoked: its link no longer works.`, fields: inviteFields(invite), data: { invite } };
  },
});
