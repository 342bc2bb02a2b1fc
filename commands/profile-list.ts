import { z } from 'zod';
import { profileTable } from './profile-view.ts';
import { defineCommand } from './types.ts';

export const profileList = defineCommand({
  name: 'profile list',
  description: 'List the setting profiles; the default one applies when an invite names none.',
  options: z.object({}),
  access: 'admin',
  examples: ['profile list'],
  async run(ctx) {
    const profiles = await ctx.services.profiles.list();
    const text =
      profiles.length === 0
        ? 'No profiles yet. Capture one with profile capture name:NAME from:JELLYFIN_USER.'
        : `${profiles.length} profile${profiles.length === 1 ? '' : 's'}:`;
    return { text, table: profileTable(profiles), data: { profiles } };
  },
});
