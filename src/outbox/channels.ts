import { isChatDeliveryError, type ChatDeliveries } from '../chat/delivery.ts';
import type { OutboxRow } from '../db/tables/outbox.table.ts';
import type { EmailSender, OutboxContent } from './types.ts';

/** What became of one delivery attempt. */
export type DeliveryOutcome =
  | { kind: 'sent' }
  /** The platform asked to wait: rescheduled, not counted as a failed attempt. */
  | { kind: 'rate_limited'; retryAfterMs: number; error: string }
  /** The recipient refuses for good (blocked the bot, no such address): failed at once. */
  | { kind: 'permanent'; error: string }
  /** Anything else: retried with backoff until outbox.max_attempts. */
  | { kind: 'temporary'; error: string };

/** Where messages go: the running chat adapters' deliveries and the email sender. */
export interface OutboxChannels {
  deliveries: ChatDeliveries;
  email?: EmailSender;
}

/** Whether the platform's sender is there (a chat adapter registers its delivery once started). */
export function channelReady(channels: OutboxChannels, platform: OutboxRow['platform']): boolean {
  return platform === 'email' ? channels.email !== undefined : channels.deliveries.get(platform) !== undefined;
}

/** One attempt to deliver a row; never rejects. */
export async function deliverRow(channels: OutboxChannels, row: OutboxRow): Promise<DeliveryOutcome> {
  let content: OutboxContent;
  try {
    content = JSON.parse(row.content) as OutboxContent;
  } catch {
    return { kind: 'permanent', error: 'The stored content is not valid JSON.' };
  }
  try {
    if (row.platform === 'email') return await sendEmail(channels, row.target, content);
    const delivery = channels.deliveries.get(row.platform);
    if (!delivery) return { kind: 'temporary', error: `${row.platform} is not running.` };
    const room = roomOf(row.platform, row.target);
    if (room === undefined) {
      await delivery.sendDirect(row.target, { text: content.markdown }, { rateLimits: 'report' });
    } else {
      if (!delivery.sendToRoom) return { kind: 'permanent', error: `Doorman cannot post to a room or channel on ${row.platform}.` };
      await delivery.sendToRoom(room, { text: content.markdown }, { rateLimits: 'report' });
    }
    return { kind: 'sent' };
  } catch (error) {
    return classify(error);
  }
}

async function sendEmail(channels: OutboxChannels, to: string, content: OutboxContent): Promise<DeliveryOutcome> {
  if (!channels.email) return { kind: 'temporary', error: 'Email is not configured (email.smtp).' };
  const subject = content.subject ?? firstLine(content.markdown);
  await channels.email.send({ to, subject, markdown: content.markdown, ...(content.unsubscribeUrl ? { unsubscribeUrl: content.unsubscribeUrl } : {}) });
  return { kind: 'sent' };
}

/** A room or channel target: `room:<id>` on any platform, or a Matrix room id (`!abc:server`). */
function roomOf(platform: OutboxRow['platform'], target: string): string | undefined {
  if (target.startsWith('room:')) return target.slice('room:'.length);
  if (platform === 'matrix' && target.startsWith('!')) return target;
  return undefined;
}

function classify(error: unknown): DeliveryOutcome {
  const message = error instanceof Error ? error.message : String(error);
  if (isChatDeliveryError(error)) {
    if (error.failure === 'rate_limited') return { kind: 'rate_limited', retryAfterMs: Math.max(0, error.retryAfterMs ?? 1000), error: message };
    if (error.failure === 'closed') return { kind: 'permanent', error: message };
    return { kind: 'temporary', error: message };
  }
  if (isPermanentEmailError(error)) return { kind: 'permanent', error: message };
  return { kind: 'temporary', error: message };
}

/** The email sender's own verdict (`permanent: true`, `kind: 'permanent'`) or an SMTP 5xx reply. */
function isPermanentEmailError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const fields = error as { permanent?: unknown; kind?: unknown; failure?: unknown; responseCode?: unknown };
  if (fields.permanent === true || fields.kind === 'permanent' || fields.failure === 'permanent') return true;
  return typeof fields.responseCode === 'number' && fields.responseCode >= 500 && fields.responseCode < 600;
}

function firstLine(markdown: string): string {
  const line = markdown.split('\n').find((text) => text.trim() !== '') ?? '';
  return line.replace(/^#+\s*/, '').trim().slice(0, 78);
}
