import type { Db } from '../db/database.ts';
import { createRepositories, type Repositories } from '../db/repositories/index.ts';
import type { Clock } from './clock.ts';
import { matchesSelector, parseSelector, type SelectableUser, type Selector } from './selector.ts';
import type { UserService } from './users.ts';
import type { UserView } from './views.ts';

/** A selected user: Jellyfin's view plus the profile and the linked chat platforms. */
export type SelectedUser = UserView & SelectableUser;

/**
 * Turns a selector into users: Jellyfin's list (fresh, so a disabled or renamed user is seen as
 * Jellyfin has them now) joined with what Doorman recorded. Used by announcements and bulk changes.
 */
export class UserSelection {
  private readonly repos: Repositories;

  constructor(
    db: Db,
    private readonly users: Pick<UserService, 'list'>,
    private readonly clock: Clock,
  ) {
    this.repos = createRepositories(db);
  }

  async select(who: string | readonly string[] | Selector): Promise<SelectedUser[]> {
    const selector = isSelector(who) ? who : parseSelector(who);
    const [users, accounts, profiles] = await Promise.all([this.users.list(), this.repos.accounts.list(), this.repos.profiles.listByName()]);
    const profileOf = new Map(accounts.map((row) => [row.jellyfin_user_id, profiles.find((p) => p.id === row.profile_id)?.name ?? null]));
    const chats = await this.repos.chatIdentities.listByAccounts(users.filter((user) => user.managed).map((user) => user.id));
    const linked = new Map<string, string[]>();
    for (const chat of chats) linked.set(chat.jellyfin_user_id!, [...(linked.get(chat.jellyfin_user_id!) ?? []), chat.platform]);
    const now = this.clock.now();
    return users
      .map((user): SelectedUser => ({ ...user, profile: profileOf.get(user.id) ?? null, linked: linked.get(user.id) ?? [] }))
      .filter((candidate) => matchesSelector(selector, candidate, now));
  }
}

function isSelector(value: unknown): value is Selector {
  return typeof value === 'object' && value !== null && 'criteria' in value;
}
