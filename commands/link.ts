import { z } from 'zod';
import { chatIdentityOf, PLATFORM_LABEL, verifyPageSignupPin } from './chat-caller.ts';
import { when } from './format.ts';
import { defineCommand } from './types.ts';

export const link = defineCommand({
  name: 'link',
  description: 'Link this chat to your Jellyfin account: link PIN during sign-up, or link alone for an account you already have.',
  options: z.object({ pin: z.string().trim().min(1).optional().describe('The PIN the sign-up page shows') }),
  positional: 'pin',
  access: 'anyone',
  dmOnly: true,
  examples: ['link ABCD2345', 'link'],
  async run(ctx, args) {
    if (args.pin) return verifyPageSignupPin(ctx.caller, ctx.services, args.pin);
    const identity = chatIdentityOf(ctx.caller);
    if (ctx.caller.account) {
      return { text: `This ${PLATFORM_LABEL[identity.platform]} account is already linked to ${ctx.caller.account.username}. Send unlink first to link another account.` };
    }
    const { url, expires_at } = await ctx.services.contacts.createAccountLinkToken(identity);
    return {
      text: `Open this link and sign in with your Jellyfin username and password to link this chat to your account:\n${url}\nIt works once, until ${when(expires_at)}. An admin can also link you (user link).`,
      secret: true,
      data: { url, expires_at },
    };
  },
});
