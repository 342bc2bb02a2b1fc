import { z } from 'zod';
import { opt } from './options.ts';
import { defineCommand } from './types.ts';

export const outboxRetry = defineCommand({
  name: 'outbox retry',
  description: 'Send a failed or dead message again (its id from outbox status), or all of them.',
  options: z.object({
    which: opt.text('The message id from outbox status, or all'),
  }),
  positional: 'which',
  access: 'admin',
  examples: ['outbox retry all', 'outbox retry ID'],
  async run(ctx, args) {
    const which = args.which.toLowerCase() === 'all' ? 'all' : args.which;
    const { requeued } = await ctx.services.outbox.retry(which);
    const text =
      which === 'all'
        ? requeued === 0
          ? 'Nothing to retry: no message failed or is dead.'
          : `${requeued} message${requeued === 1 ? '' : 's'} queued again.`
        : `Message ${which} queued again.`;
    return { text, data: { requeued } };
  },
});
