import { z } from 'zod';
import { defineCommand } from './types.ts';

/** Long platform errors are cut for the table; `data` keeps them whole. */
const ERROR_WIDTH = 120;

export const outboxStatus = defineCommand({
  name: 'outbox status',
  description: 'Show how many messages wait to be sent, failed or were given up (dead), and the latest failures.',
  options: z.object({}),
  access: 'admin',
  examples: ['outbox status'],
  async run(ctx) {
    const status = await ctx.services.outbox.status();
    const { pending, sending, failed, dead, latestFailures } = status;
    const waiting = pending + sending;
    const summary = `Outbox: ${waiting} pending, ${failed} failed, ${dead} dead.`;
    const hint = latestFailures.length > 0 ? ' Requeue them with outbox retry ID, or outbox retry all.' : '';
    return {
      text: `${summary}${hint}`,
      fields: [
        { label: 'Pending', value: String(waiting) },
        { label: 'Failed', value: String(failed) },
        { label: 'Dead', value: String(dead) },
      ],
      ...(latestFailures.length > 0
        ? {
            table: {
              columns: ['id', 'channel', 'target', 'message', 'status', 'attempts', 'error'],
              rows: latestFailures.map((f) => [f.id, f.platform, f.target, f.messageId, f.status, String(f.attempts), shorten(f.error)]),
            },
          }
        : {}),
      data: status,
    };
  },
});

function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > ERROR_WIDTH ? `${line.slice(0, ERROR_WIDTH - 1)}…` : line;
}
