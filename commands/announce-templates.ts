import { z } from 'zod';
import { when } from './format.ts';
import { opt } from './options.ts';
import { defineCommand } from './types.ts';

export const announceTemplateSave = defineCommand({
  name: 'announce template save',
  description: 'Save an announcement under a name, to send it again later (replaces one of that name).',
  options: z.object({ name: opt.text('A name: letters, digits, - or _'), message: opt.text('The announcement, in Markdown; {username} becomes each name') }),
  positional: 'name',
  access: 'admin',
  examples: ['announce template save maintenance message:"The server restarts tonight at 2am."'],
  async run(ctx, args) {
    const saved = await ctx.services.announcements.save(args.name, args.message, ctx.caller.name);
    return { text: `Saved as ${saved.name}. Send it with \`announce template send ${saved.name} all\`.`, data: { template: saved } };
  },
});

export const announceTemplateList = defineCommand({
  name: 'announce template list',
  description: 'List the saved announcements.',
  options: z.object({}),
  access: 'admin',
  examples: ['announce template list'],
  async run(ctx) {
    const saved = await ctx.services.announcements.list();
    if (saved.length === 0) return { text: 'No saved announcements. `announce template save NAME message:"…"` saves one.', data: { templates: [] } };
    return {
      text: `${saved.length} saved announcement${saved.length === 1 ? '' : 's'}:`,
      table: { columns: ['name', 'text', 'saved'], rows: saved.map((t) => [t.name, t.text.length > 60 ? `${t.text.slice(0, 59)}…` : t.text, when(t.updated_at)]) },
      data: { templates: saved },
    };
  },
});

export const announceTemplateDelete = defineCommand({
  name: 'announce template delete',
  description: 'Delete a saved announcement.',
  options: z.object({ name: opt.text('The saved announcement') }),
  positional: 'name',
  access: 'admin',
  examples: ['announce template delete maintenance'],
  async run(ctx, args) {
    const removed = await ctx.services.announcements.remove(args.name);
    return { text: `Deleted the saved announcement ${removed.name}.`, data: { template: removed } };
  },
});
