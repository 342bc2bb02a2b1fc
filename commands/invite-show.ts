import { z } from 'zod';
import { when } from './format.ts';
import { inviteFields } from './invite-view.ts';
import { opt } from './options.ts';
import { defineCommand } from './types.ts';

export const inviteShow = defineCommand({
  name: 'invite show',
  description: 'Show one invite and who signed up with it.',
  options: z.object({ code: opt.text('The invite code (the last part of its link)') }),
  positional: 'code',
  access: 'admin',
  examples: ['invite show CODE'],
  async run(ctx, args) {
    const invite = await ctx.services.invites.show(args.code);
    const { redemptions } = invite;
    const used = redemptions.length === 0 ? 'Nobody has signed up with it yet.' : `Accounts made with it: ${redemptions.length}.`;
    return {
      text: `Invite ${invite.code}\n${invite.link}\n\n${used}`,
      fields: inviteFields(invite),
      ...(redemptions.length > 0
        ? {
            table: {
              columns: ['username', 'user id', 'signed up'],
              rows: redemptions.map((r) => [r.username, r.user_id, when(r.redeemed_at)]),
            },
          }
        : {}),
      data: { invite },
    };
  },
});
