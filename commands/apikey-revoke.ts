import { z } from 'zod';
import { confirmOption, requireConfirmation } from './format.ts';
import { opt } from './options.ts';
import { defineCommand } from './types.ts';

export const apikeyRevoke = defineCommand({
  name: 'apikey revoke',
  description: 'Revoke an API key: requests made with it are refused from now on.',
  options: z.object({
    id: opt.text('The key id (or the first characters of the key) as apikey list shows'),
    confirm: confirmOption(),
  }),
  positional: 'id',
  access: 'admin',
  examples: ['apikey revoke ID --yes'],
  async run(ctx, args) {
    requireConfirmation(args.confirm, `This revokes API key ${args.id}: scripts using it stop working.`);
    const key = await ctx.services.apiKeys.revoke(args.id);
    return { text: `API key ${key.name} (id ${key.id}) revoked.`, data: { api_key: key } };
  },
});
