import { z } from 'zod';
import { PLATFORM_LABEL } from './chat-caller.ts';
import { inviteOptions } from './invite-create.ts';
import { inviteFields } from './invite-view.ts';
import { defineCommand, type CommandContext } from './types.ts';

const platforms = ['telegram', 'discord', 'matrix'] as const;

export const inviteSend = defineCommand({
  name: 'invite send',
  description: 'Create an invite and send its link privately to a chat user who has written to the bot.',
  options: z.object({
    to: z.string().trim().min(1).describe('The chat handle (@alice) or user id to send the link to'),
    platform: z.enum(platforms, { error: `expected ${platforms.join(', ')}` }).optional().describe('Where the person is (default: the chat you write from, else telegram)'),
    ...inviteOptions,
  }),
  positional: 'to',
  access: 'admin',
  examples: ['invite send @alice', 'invite send @alice uses:1 valid:2d profile:Friends'],
  async run(ctx, args) {
    const { to, platform: chosen, ...options } = args;
    const platform = chosen ?? ctx.caller.platform ?? 'telegram';
    const invite = await ctx.services.invites.create({ ...options, label: options.label ?? `sent to ${to}`, created_by: ctx.caller.name });
    try {
      await ctx.services.contacts.sendToHandle({
        platform,
        who: to,
        // The catalogue's `invite` message in the recipient's language; the bare link stays visible to copy.
        reply: (lang) => ({ text: inviteText(ctx.services, lang, invite), fields: [{ label: 'link', value: invite.link }] }),
      });
    } catch (error) {
      // An invite nobody received is only a loose end: take it back before reporting why.
      await ctx.services.invites.revoke(invite.code).catch(() => undefined);
      throw error;
    }
    return {
      text: `Invite sent to ${to} on ${PLATFORM_LABEL[platform]}:\n${invite.link}`,
      fields: inviteFields(invite),
      data: { invite, sent_to: { platform, who: to } },
    };
  },
});

function inviteText(services: CommandContext['services'], lang: string, invite: { link: string; expires_at: string }): string {
  if (!services.messages) return `You are invited to join our Jellyfin server. Sign up here:\n${invite.link}`;
  return services.messages.render('invite', lang, { invite_url: invite.link, expires_at: invite.expires_at }).markdown;
}
