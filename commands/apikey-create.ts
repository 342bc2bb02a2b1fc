import { z } from 'zod';
import { opt } from './options.ts';
import { defineCommand } from './types.ts';

export const apikeyCreate = defineCommand({
  name: 'apikey create',
  description: 'Create an API key for the REST API. The key is shown once.',
  options: z.object({ name: opt.text('What the key is for, e.g. the script that uses it') }),
  access: 'admin',
  dmOnly: true,
  examples: ['apikey create name:backup-script'],
  async run(ctx, args) {
    const { key, view } = await ctx.services.apiKeys.create(args.name, ctx.caller.name);
    // The key stays the reply's last line: `doorman apikey create … | tail -n1` is how scripts take it.
    return {
      text: `API key ${view.name} created (id ${view.id}). It is shown only this once; store it now:\n${key}`,
      secret: true,
      data: { key, api_key: view },
    };
  },
});
