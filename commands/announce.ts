import { z } from 'zod';
import type { AnnouncementPreview, AnnouncementResult } from '../src/core/announcements.ts';
import { DomainError } from './errors.ts';
import { confirmOption, requireConfirmation } from './format.ts';
import { opt } from './options.ts';
import type { Reply } from './reply.ts';
import { defineCommand } from './types.ts';

const who = () => z.array(z.string()).min(1, 'say whom: all, label=NAME, profile=NAME, name=al*, or usernames').describe('Whom to tell: all, label=NAME, profile=NAME, name=al*, or usernames');

export const announce = defineCommand({
  name: 'announce',
  description: 'Send a message to the users a selector picks, on every channel they linked. {username} becomes each name.',
  options: z.object({
    who: who(),
    message: opt.text('The announcement, in Markdown'),
    confirm: confirmOption(),
  }),
  positional: 'who',
  access: 'admin',
  examples: ['announce all message:"Movie night on Friday at 8"', 'announce label=friends message:"Hi {username}, the server restarts at 2am" --yes'],
  async run(ctx, args) {
    return sendAnnouncement(ctx.services, args.who, args.message, args.confirm);
  },
});

export const announceTemplateSend = defineCommand({
  name: 'announce template send',
  description: 'Send a saved announcement to the users a selector picks.',
  options: z.object({
    name: opt.text('The saved announcement'),
    who: who(),
    confirm: confirmOption(),
  }),
  positional: ['name', 'who'],
  access: 'admin',
  examples: ['announce template send maintenance all --yes'],
  async run(ctx, args) {
    const saved = await ctx.services.announcements.get(args.name);
    return sendAnnouncement(ctx.services, args.who, saved.text, args.confirm);
  },
});

type AnnouncementServices = { announcements: { preview(who: string[], text: string): Promise<AnnouncementPreview>; send(who: string[], text: string): Promise<AnnouncementResult> } };

/** Preview → confirmation → queued, the same for a typed and a saved announcement. */
async function sendAnnouncement(services: AnnouncementServices, who: string[], text: string, confirmed: boolean | undefined): Promise<Reply> {
  const preview = await services.announcements.preview(who, text);
  if (preview.matched === 0) throw new DomainError('not_found', `Nobody matches "${preview.who}", so nothing was sent. \`user list\` shows the users.`, { field: 'who' });
  if (!confirmed) requireConfirmation(false, describePreview(preview));
  const result = await services.announcements.send(who, text);
  const people = result.reachable === 1 ? '1 person' : `${result.reachable} people`;
  const lines = [`Announcement queued: ${result.queued} message${result.queued === 1 ? '' : 's'} to ${people}. \`outbox status\` shows the delivery.`];
  if (result.unreachable.length > 0) lines.push(`Not reachable (no linked chat with notices on, no email): ${listNames(result.unreachable)}.`);
  return { text: lines.join('\n'), progress: { done: 0, total: result.queued }, data: { announcement: result } };
}

function describePreview(preview: AnnouncementPreview): string {
  const matched = preview.matched === 1 ? '1 user' : `${preview.matched} users`;
  const parts = [`"${preview.who}" matches ${matched}; ${preview.reachable} can be reached.`];
  if (preview.unreachable.length > 0) parts.push(`Not reachable: ${listNames(preview.unreachable)}.`);
  if (preview.sample) parts.push(`${preview.sample.username} would read: "${clip(preview.sample.text, 300)}"`);
  return parts.join(' ');
}

function listNames(names: string[]): string {
  return names.length <= 10 ? names.join(', ') : `${names.slice(0, 10).join(', ')} and ${names.length - 10} more`;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
