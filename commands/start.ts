import { z } from 'zod';
import { verifyPageSignupPin } from './chat-caller.ts';
import { defineCommand } from './types.ts';

export const start = defineCommand({
  name: 'start',
  description: 'Say hello and see what to do next; start PIN confirms the PIN from the sign-up page.',
  options: z.object({ pin: z.string().trim().min(1).optional().describe('The PIN the sign-up page shows') }),
  positional: 'pin',
  access: 'anyone',
  examples: ['start', 'start ABCD2345'],
  async run(ctx, args) {
    if (args.pin) return verifyPageSignupPin(ctx.caller, ctx.services, args.pin);
    const { account, isAdmin } = ctx.caller;
    const lines = [account ? `Hello ${account.username}! I'm Doorman, the door to this Jellyfin server.` : "Hello! I'm Doorman, the door to this Jellyfin server."];
    if (!account) {
      lines.push('Signing up? Send me the PIN your sign-up page shows (link PIN), or type your handle on the page and I will send you a PIN.');
      lines.push('Already have an account? Send link to connect it to this chat.');
    } else {
      lines.push('Send me to see your account, or help for everything you can do.');
    }
    if (isAdmin) lines.push('You are an admin here: help lists the admin commands too.');
    return { text: lines.join('\n') };
  },
});
