import { randomUUID } from 'node:crypto';
import { dispatch } from '../../commands/dispatch.ts';
import { parseTokens } from '../../commands/parse.ts';
import type { Reply } from '../../commands/reply.ts';
import { isPrivate, type Caller, type CommandDef } from '../../commands/types.ts';
import type { ChatDeliveries } from '../chat/delivery.ts';
import { parseChatText } from '../chat/text.ts';
import type { ChatIdentity, ChatMenuEntry, ChatRuntime, Platform } from '../chat/types.ts';
import type { Config } from '../config/schema.ts';
import type { JellyfinClient } from '../jellyfin/client.ts';
import type { Logger } from '../log.ts';
import type { Clock } from './clock.ts';
import { DomainError, isDomainError } from './errors.ts';
import type { Services } from './services.ts';
import { listOptionValues, suggestValues, type ChangeSignal } from './option-values.ts';

export interface ChatRuntimeDeps {
  services: Services;
  registry: readonly CommandDef[];
  jellyfin: Pick<JellyfinClient, 'getUser'>;
  config: Pick<Config, 'admins'>;
  deliveries: ChatDeliveries;
  clock: Clock;
  log: Logger;
  /** Emitted when option values change (profiles); chat adapters subscribe through onOptionValuesChanged. */
  optionValueChanges?: ChangeSignal;
  /** The languages `lang` offers; default: the catalogue's (option-values.ts). */
  languages?: () => readonly string[];
}

/** How long "is this linked Jellyfin user an administrator" is trusted before Jellyfin is asked again. */
export const ADMIN_CHECK_TTL_MS = 60_000;
const MENU_DESCRIPTION_MAX = 256;

/** An empty text means "send nothing" (a command addressed to another bot in a group). */
export const NOTHING_TO_SAY: Reply = { text: '' };

/**
 * The chat surface's shared half: who a sender is, how a message becomes a command, how refusals
 * read, and the command menu. Every chat adapter drives this; none repeats it.
 */
export function createChatRuntime(deps: ChatRuntimeDeps): ChatRuntime {
  const adminCheck = new LinkedAdminCheck(deps);
  const log = deps.log.child({ module: 'chat' });
  const refusal = (error: unknown): Reply => renderRefusal(error, log);
  return {
    async identify(identity: ChatIdentity): Promise<Caller> {
      const view = await deps.services.contacts.see(identity);
      const account = view.account ? { jellyfinUserId: view.account.jellyfinUserId, username: view.account.username } : undefined;
      const configured = isConfiguredAdmin(deps.config, identity);
      const isAdmin = configured || (account !== undefined && (await adminCheck.isAdministrator(account.jellyfinUserId)));
      const handle = identity.handle?.trim() || undefined;
      return {
        surface: identity.platform, id: identity.userId, name: handle ?? `${identity.platform}:${identity.userId}`, isAdmin,
        platform: identity.platform, handle, inDm: identity.inDm, account,
      };
    },
    async run(caller: Caller, text: string): Promise<Reply> {
      try {
        const tokens = tokensFor(deps, caller, text);
        if (!tokens) return NOTHING_TO_SAY;
        const reply = await dispatch(deps.registry, { caller, services: deps.services }, parseTokens(tokens));
        // Secret replies come from dmOnly commands; should one ever not be marked, it still never reaches a group.
        if (reply.secret && !isPrivate(caller)) throw new DomainError('dm_only', 'That answer is private, so it only goes to a private chat with me. Send the command to me directly.');
        return reply;
      } catch (error) {
        return refusal(error);
      }
    },
    refusal,
    commandsFor: (who) => menu(deps.registry, who.admin),
    optionValues: () => listOptionValues(deps),
    suggest: (caller, input) => suggestValues(deps, caller, input),
    onOptionValuesChanged: (listener) => deps.optionValueChanges?.subscribe(listener) ?? (() => undefined),
  };
}

/** The tokens to dispatch, or null when the message is not for Doorman. */
function tokensFor(deps: ChatRuntimeDeps, caller: Caller, text: string): string[] | null {
  const platform = caller.platform as Platform | undefined;
  const parsed = parseChatText(text, platform ? deps.deliveries.get(platform)?.botHandle : undefined);
  if (parsed.kind === 'elsewhere') return null;
  if (parsed.kind === 'command') return parsed.tokens;
  // A bare PIN-shaped word: a command word typed without its slash wins, else in a DM it is a PIN.
  const word = parsed.pin.toLowerCase();
  if (topWords(deps.registry).includes(word)) return [word];
  return isPrivate(caller) ? ['link', parsed.pin] : null;
}

/** Listed by user id in `admins.<platform>`, or holding a role listed in `admins.<platform>_roles`. */
function isConfiguredAdmin(config: Pick<Config, 'admins'>, identity: ChatIdentity): boolean {
  const lists = config.admins as Partial<Record<string, string[]>>;
  if ((lists[identity.platform] ?? []).includes(identity.userId)) return true;
  const adminRoles = lists[`${identity.platform}_roles`] ?? [];
  return (identity.roles ?? []).some((role) => adminRoles.includes(role));
}

/** One rendering of a failure for chat: the DomainError's own words, or an apology with a reference. */
export function renderRefusal(error: unknown, log: Pick<Logger, 'error'>): Reply {
  if (isDomainError(error)) return { text: error.message, data: { error: error.toJSON() } };
  const reference = randomUUID().slice(0, 8);
  log.error({ err: error, reference }, 'chat command failed unexpectedly');
  return {
    text: `Something went wrong on our side. Please try again later; if it keeps happening, give the admin this reference: ${reference}.`,
    data: { error: { code: 'internal_error', reference } },
  };
}

function topWords(registry: readonly CommandDef[]): string[] {
  return [...new Set(registry.map((command) => command.name.split(' ')[0]))];
}

/** Top-level words for the platform's menu: a lone command keeps its description, a group lists its subcommands. */
export function menu(registry: readonly CommandDef[], admin: boolean): ChatMenuEntry[] {
  const visible = registry.filter((command) => admin || command.access !== 'admin');
  return topWords(visible).map((word) => {
    const group = visible.filter((command) => command.name.split(' ')[0] === word);
    const description =
      group.length === 1 && group[0].name === word
        ? group[0].description
        : `${word[0].toUpperCase()}${word.slice(1)}: ${group.map((command) => command.name.split(' ').slice(1).join(' ') || word).join(', ')}`;
    return { command: word, description: description.length > MENU_DESCRIPTION_MAX ? `${description.slice(0, MENU_DESCRIPTION_MAX - 1)}…` : description };
  });
}

/**
 * A linked account whose Jellyfin user is an administrator is a Doorman admin. Jellyfin is asked
 * (GET /Users/{id}) at most once a minute per account, so demoting someone in Jellyfin takes effect
 * within a minute without a Jellyfin call per message. When Jellyfin cannot answer, the answer is no.
 */
class LinkedAdminCheck {
  private readonly known = new Map<string, { admin: boolean; at: number }>();

  constructor(private readonly deps: ChatRuntimeDeps) {}

  async isAdministrator(jellyfinUserId: string): Promise<boolean> {
    const now = this.deps.clock.now().getTime();
    const cached = this.known.get(jellyfinUserId);
    if (cached && now - cached.at < ADMIN_CHECK_TTL_MS && now >= cached.at) return cached.admin;
    let admin = false;
    try {
      const user = await this.deps.jellyfin.getUser(jellyfinUserId);
      admin = user?.Policy?.IsAdministrator === true && user.Policy.IsDisabled !== true;
    } catch (error) {
      this.deps.log.warn({ err: error }, 'could not ask Jellyfin whether a linked user is an administrator; treating them as a user');
      return false;
    }
    if (this.known.size > 1000) this.known.clear();
    this.known.set(jellyfinUserId, { admin, at: now });
    return admin;
  }
}

