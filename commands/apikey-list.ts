import { z } from 'zod';
import { when } from './format.ts';
import { defineCommand } from './types.ts';

export const apikeyList = defineCommand({
  name: 'apikey list',
  description: 'List the API keys (never the keys themselves).',
  options: z.object({}),
  access: 'admin',
  examples: ['apikey list'],
  async run(ctx) {
    const keys = await ctx.services.apiKeys.list();
    return {
      text: keys.length === 0 ? 'No API keys yet. Create one with apikey create name:NAME.' : `${keys.length} API key${keys.length === 1 ? '' : 's'}:`,
      table: {
        columns: ['id', 'name', 'starts with', 'created', 'last used', 'revoked'],
        rows: keys.map((k) => [k.id, k.name, k.prefix, when(k.created_at), when(k.last_used_at), when(k.revoked_at, 'no')]),
      },
      data: { api_keys: keys },
    };
  },
});
