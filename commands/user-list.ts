import { z } from 'zod';
import { cell, when, yesNo } from './format.ts';
import { defineCommand } from './types.ts';

export const userList = defineCommand({
  name: 'user list',
  description: 'List the Jellyfin users, with what Doorman knows about each.',
  options: z.object({}),
  access: 'admin',
  examples: ['user list'],
  async run(ctx) {
    const users = await ctx.services.users.list();
    return {
      text: users.length === 0 ? 'Jellyfin has no users.' : `${users.length} user${users.length === 1 ? '' : 's'}:`,
      table: {
        columns: ['name', 'admin', 'disabled', 'expires', 'label', 'last active'],
        rows: users.map((u) => [u.name, yesNo(u.is_admin), yesNo(u.is_disabled), when(u.expires_at), cell(u.label), when(u.last_active_at)]),
      },
      data: { users },
    };
  },
});
