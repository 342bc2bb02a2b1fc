import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { createRepositories, inTransaction, type Repositories } from '../db/repositories/index.ts';
import type { Clock } from './clock.ts';
import { DomainError } from './errors.ts';
import type { NoticeService } from './notices.ts';
import { parseSelector } from './selector.ts';
import type { SelectedUser, UserSelection } from './user-selection.ts';

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
    private readonly notices: Pick<NoticeService, 'toAccount'>,
    private readonly clock: Clock,
    private readonly unsubscribeUrl: (jellyfinUserId: string) => Promise<string | undefined>,
  ) {
    this.repos = createRepositories(db);
  }

  async preview(who: string | readonly string[], text: string): Promise<AnnouncementPreview> {
    return (await this.survey(who, text)).preview;
  }

  async send(who: string | readonly string[], text: string): Promise<AnnouncementResult> {
    const { preview, users } = await this.survey(who, text);
    if (preview.matched === 0) throw new DomainError('not_found', `Nobody matches "${preview.who}", so nothing was sent.`, { field: 'who' });
    const id = randomUUID();
    const managed = users.filter((user) => user.managed);
    const links = new Map(await Promise.all(managed.map(async (user) => [user.id, await this.unsubscribeUrl(user.id)] as const)));
    const message = checkText(text);
    const queued = await inTransaction(this.db, async (_repos, trx) => {
      let count = 0;
      for (const user of managed) {
        const unsubscribeUrl = links.get(user.id);
        const vars = { username: user.name, message: personalise(message, user.name), unsubscribe_url: unsubscribeUrl };
        const reach = await this.notices.toAccount(trx, { jellyfinUserId: user.id, messageId: 'announcement', vars, eventKey: `announce:${id}`, unsubscribeUrl });
        count += reach.channels.length;
      }
      return count;
    });
    return { ...preview, queued, id };
  }

  private async survey(who: string | readonly string[], text: string): Promise<{ preview: AnnouncementPreview; users: SelectedUser[] }> {
    const message = checkText(text);
    const selector = parseSelector(who);
    const users = await this.selection.select(selector);
    const reach = await Promise.all(users.map(async (user) => ({ user, reachable: await this.reachable(user) })));
    const first = reach.find((entry) => entry.reachable)?.user ?? users[0];
    const preview = {
      who: selector.text,
      matched: users.length,
      reachable: reach.filter((entry) => entry.reachable).length,
      unreachable: reach.filter((entry) => !entry.reachable).map((entry) => entry.user.name),
      sample: first ? { username: first.name, text: personalise(message, first.name) } : null,
    };
    return { preview, users };
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

  private async reachable(user: SelectedUser): Promise<boolean> {
    if (!user.managed) return false;
    const chats = await this.repos.chatIdentities.listByAccount(user.id);
    if (chats.some((chat) => chat.notify === 1)) return true;
    const account = await this.repos.accounts.findById(user.id);
    return Boolean(account?.email) && account?.announcements === 1;
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
