import { z } from 'zod';
import { when, yesNo } from './format.ts';
import { opt } from './options.ts';
import { defineCommand } from './types.ts';

export const userInfo = defineCommand({
  name: 'user info',
  description: 'Show one Jellyfin user: expiry, label, the invite they came through.',
  options: z.object({ name: opt.text('The Jellyfin username (or user id)') }),
  positional: 'name',
  access: 'admin',
  examples: ['user info alice'],
  async run(ctx, args) {
    const user = await ctx.services.users.info(args.name);
    const fields = [
      { label: 'name', value: user.name },
      { label: 'id', value: user.id },
      { label: 'administrator', value: yesNo(user.is_admin) },
      { label: 'disabled', value: yesNo(user.is_disabled) },
      { label: 'last active', value: when(user.last_active_at) },
      { label: 'managed by Doorman', value: yesNo(user.managed) },
      { label: 'expires', value: when(user.expires_at) },
    ];
    if (user.label) fields.push({ label: 'label', value: user.label });
    if (user.invite_code) fields.push({ label: 'invite', value: user.invite_code });
    if (user.created_at) fields.push({ label: 'signed up', value: when(user.created_at) });
    return { text: `User ${user.name}`, fields, data: { user } };
  },
});
