import type { Db } from '../db/database.ts';
import { createRepositories, type Repositories } from '../db/repositories/index.ts';
import type { AccountRow } from '../db/tables/accounts.table.ts';
import type { JellyfinClient } from '../jellyfin/client.ts';
import { normaliseId, type JfUser } from '../jellyfin/types.ts';
import { sameUsername } from '../jellyfin/username.ts';
import { DomainError } from './errors.ts';
import { fromJellyfin, jellyfinUnavailable } from './failures.ts';
import type { UserView } from './views.ts';

const LIST_FAILED = 'The media server did not answer with its user list, so nothing was changed. Please try again in a minute.';
const LIST_EMPTY = "Jellyfin returned no users, which cannot be right (Doorman's own admin exists); nothing was changed.";

/**
 * Jellyfin's users, with what Doorman knows about each. Reading never changes a local record: a
 * failed or empty list from the server is reported, never taken as "everyone is gone".
 */
export class UserService {
  private readonly repos: Repositories;

  constructor(
    db: Db,
    private readonly jellyfin: JellyfinClient,
  ) {
    this.repos = createRepositories(db);
  }

  async list(): Promise<UserView[]> {
    const users = await this.fetchUsers();
    const accounts = new Map((await this.repos.accounts.list()).map((row) => [row.jellyfin_user_id, row]));
    return users.map((user) => toView(user, accounts.get(normaliseId(user.Id))));
  }

  /** By Jellyfin id (any GUID form) or by name, case-insensitively. */
  async info(nameOrId: string): Promise<UserView> {
    const wanted = (nameOrId ?? '').trim();
    const users = await this.fetchUsers();
    const user = users.find((u) => normaliseId(u.Id) === normaliseId(wanted)) ?? users.find((u) => sameUsername(u.Name, wanted));
    if (!user) throw new DomainError('not_found', `Jellyfin has no user named ${JSON.stringify(wanted)}. \`user list\` shows them.`);
    return toView(user, await this.repos.accounts.findById(normaliseId(user.Id)));
  }

  private async fetchUsers(): Promise<JfUser[]> {
    const users = await fromJellyfin(() => this.jellyfin.listUsers(), LIST_FAILED);
    if (users.length === 0) throw jellyfinUnavailable(LIST_EMPTY);
    return users;
  }
}

function toView(user: JfUser, account: AccountRow | undefined): UserView {
  return {
    id: normaliseId(user.Id),
    name: user.Name,
    is_admin: user.Policy?.IsAdministrator === true,
    is_disabled: user.Policy?.IsDisabled === true,
    last_active_at: user.LastActivityDate ?? user.LastLoginDate ?? null,
    managed: account !== undefined,
    expires_at: account?.expires_at ?? null,
    label: account?.label ?? null,
    invite_code: account?.invite_code ?? null,
    created_at: account?.created_at ?? null,
  };
}
