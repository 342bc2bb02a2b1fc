import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { createRepositories, inTransaction, type Repositories } from '../db/repositories/index.ts';
import type { Clock } from './clock.ts';
import { DomainError } from './errors.ts';
import type { NoticeService } from './notices.ts';
import { parseSelector } from './selector.ts';
import type { UserSelection } from './user-selection.ts';

/** What `announce` shows before it sends: who would get it, who cannot be reached, and a sample. */
export interface AnnouncementPreview {
  who: string;
  /** Users the selector matched. */
  matched: number;
  /** Of those, how many have a linked chat with notices on, or an email (announcements on). */
  reachable: number;
  unreachable: string[];
  sample: { username: string; text: string } | null;
}

export interface AnnouncementResult extends AnnouncementPreview {
  /** Messages queued (one per recipient and channel). */
  queued: number;
  id: string;
}

export interface SavedAnnouncement {
  name: string;
  text: string;
  created_by: string | null;
  updated_at: string;
}

const MAX_TEXT = 4000;

/**
 * Announcements: one Markdown text to the users a selector picks, `{username}` filled per person,
 * through each person's channels (notices), queued in one transaction so either everyone's copy
 * is in the outbox or nobody's. Named texts can be saved and sent again.
 */
export class AnnouncementService {
  private readonly repos: Repositories;

  constructor(
    private readonly db: Db,
    private readonly selection: Pick<UserSelection, 'select'>,
    private readonly notices: Pick<NoticeService, 'toAccounts' | 'recipients' | 'route'>,
    private readonly clock: Clock,
    private readonly unsubscribeUrl: (jellyfinUserId: string) => Promise<string | undefined>,
  ) {
    this.repos = createRepositories(db);
  }

  async preview(who: string | readonly string[], text: string): Promise<AnnouncementPreview> {
    return (await this.survey(who, text)).preview;
  }

  async send(who: string | readonly string[], text: string): Promise<AnnouncementResult> {
    const { preview, message, recipients } = await this.survey(who, text);
    if (preview.matched === 0) throw new DomainError('not_found', `Nobody matches "${preview.who}", so nothing was sent.`, { field: 'who' });
    const id = randomUUID();
    const notices = await Promise.all(
      recipients.map(async ({ user, email }) => {
        // Only emailed copies carry the opt-out link (a chat has its own `notify off`).
        const unsubscribeUrl = email ? await this.unsubscribeUrl(user.id) : undefined;
        const vars = { username: user.name, message: personalise(message, user.name), unsubscribe_url: unsubscribeUrl };
        return { jellyfinUserId: user.id, messageId: 'announcement' as const, vars, eventKey: `announce:${id}`, unsubscribeUrl };
      }),
    );
    const reaches = await inTransaction(this.db, (_repos, trx) => this.notices.toAccounts(trx, notices));
    const queued = reaches.reduce((sum, reach) => sum + reach.channels.length, 0);
    return { ...preview, queued, id };
  }

  /** Who matches, and which of them a notice reaches (the same routing the send uses). */
  private async survey(who: string | readonly string[], text: string) {
    const message = checkText(text);
    const selector = parseSelector(who);
    const users = await this.selection.select(selector);
    const managed = users.filter((user) => user.managed);
    const people = await this.notices.recipients(this.db, managed.map((user) => user.id));
    const recipients = managed
      .map((user) => ({ user, ...this.notices.route(people.get(user.id)!, 'announcement') }))
      .filter((recipient) => recipient.chats.length > 0 || recipient.email !== null);
    const reached = new Set(recipients.map((recipient) => recipient.user.id));
    const first = recipients[0]?.user ?? users[0];
    const preview: AnnouncementPreview = {
      who: selector.text,
      matched: users.length,
      reachable: recipients.length,
      unreachable: users.filter((user) => !reached.has(user.id)).map((user) => user.name),
      sample: first ? { username: first.name, text: personalise(message, first.name) } : null,
    };
    return { preview, message, recipients };
  }

  async save(name: string, text: string, by: string | null): Promise<SavedAnnouncement> {
    const clean = checkName(name);
    const at = this.clock.now().toISOString();
    await this.repos.announcementTemplates.save({ name_key: clean.toLowerCase(), name: clean, text: checkText(text), created_by: by, created_at: at, updated_at: at });
    return this.get(clean);
  }

  async list(): Promise<SavedAnnouncement[]> {
    return (await this.repos.announcementTemplates.list()).map(toSaved);
  }

  async get(name: string): Promise<SavedAnnouncement> {
    const row = await this.repos.announcementTemplates.find(checkName(name).toLowerCase());
    if (!row) throw new DomainError('not_found', `No saved announcement is called "${name.trim()}". \`announce template list\` shows them.`, { field: 'name' });
    return toSaved(row);
  }

  async remove(name: string): Promise<SavedAnnouncement> {
    const saved = await this.get(name);
    await this.repos.announcementTemplates.delete(saved.name.toLowerCase());
    return saved;
  }
}

/** `{username}` → the recipient's name (the one placeholder announcements take). */
export function personalise(text: string, username: string): string {
  return text.replace(/\{username\}/g, username);
}

function checkText(text: string): string {
  const trimmed = (text ?? '').trim();
  if (trimmed === '') throw new DomainError('validation', 'The announcement is empty: give it as message:"…".', { field: 'message' });
  if (trimmed.length > MAX_TEXT) throw new DomainError('validation', `The announcement is ${trimmed.length} characters long; keep it under ${MAX_TEXT}.`, { field: 'message' });
  return trimmed;
}

function checkName(name: string): string {
  const trimmed = (name ?? '').trim();
  if (!/^[\w-]{1,40}$/.test(trimmed)) throw new DomainError('validation', 'A saved announcement needs a name of up to 40 letters, digits, - or _.', { field: 'name' });
  return trimmed;
}

function toSaved(row: { name: string; text: string; created_by: string | null; updated_at: string }): SavedAnnouncement {
  return { name: row.name, text: row.text, created_by: row.created_by, updated_at: row.updated_at };
}
