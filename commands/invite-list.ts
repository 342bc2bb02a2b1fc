import { z } from 'zod';
import { inviteTable } from './invite-view.ts';
import { defineCommand } from './types.ts';

export const inviteList = defineCommand({
  name: 'invite list',
  description: 'List the invites, newest first, with their status and uses.',
  options: z.object({}),
  access: 'admin',
  examples: ['invite list'],
  async run(ctx) {
    const invites = await ctx.services.invites.list();
    const text = invites.length === 0 ? 'No invites yet. Create one with invite create.' : `${invites.length} invite${invites.length === 1 ? '' : 's'}:`;
    return { text, table: inviteTable(invites), data: { invites } };
  },
});
