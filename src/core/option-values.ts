import type { Caller, CommandDef } from '../../commands/types.ts';
import { mayRun } from '../../commands/dispatch.ts';
import type { OptionValues } from '../chat/types.ts';
import type { Services } from './services.ts';

/**
 * The values a command option may take, for platforms that list them (Discord's choices and
 * autocomplete). Small closed sets (profile names, language codes) are listed whole; open sets
 * (Jellyfin users, invite codes) are suggested as the person types. Platform-neutral: an adapter
 * asks through the ChatRuntime and only shows what comes back.
 */

export type ValueSource = 'profile' | 'language' | 'jellyfin_user' | 'invite';

/** Which option of which command takes its values from which set. Options not listed are free text. */
export const OPTION_SOURCES: Readonly<Record<string, Readonly<Record<string, ValueSource>>>> = {
  'invite create': { profile: 'profile' },
  'invite send': { profile: 'profile' },
  'invite show': { code: 'invite' },
  'invite revoke': { code: 'invite' },
  'profile show': { name: 'profile' },
  'profile default': { name: 'profile' },
  'profile rename': { name: 'profile' },
  'profile delete': { name: 'profile' },
  'profile capture': { from: 'jellyfin_user' },
  'user info': { name: 'jellyfin_user' },
  'user link': { user: 'jellyfin_user' },
  lang: { code: 'language' },
  'message preview': { lang: 'language' },
};

/** The languages the message catalogue ships (src/messages/templates); used when the app passes none. */
export const DEFAULT_LANGUAGES: readonly string[] = ['en', 'de', 'fr'];

/** Discord's (and most menus') limit for a list of choices. */
export const MAX_VALUES = 25;

const CLOSED: ReadonlySet<ValueSource> = new Set(['profile', 'language']);

export interface OptionValueDeps {
  services: Pick<Services, 'profiles' | 'users' | 'invites'>;
  registry: readonly CommandDef[];
  languages?: () => readonly string[];
}

/** A tiny change signal: the profiles wrapper calls `emit`, chat adapters `subscribe`. */
export class ChangeSignal {
  private readonly listeners = new Set<() => void>();

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(): void {
    for (const listener of this.listeners) listener();
  }
}

/** Every option of the registry with a value source: closed sets with their values (≤ 25, else suggested). */
export async function listOptionValues(deps: OptionValueDeps): Promise<OptionValues[]> {
  const closed = new Map<ValueSource, string[]>();
  const out: OptionValues[] = [];
  for (const def of deps.registry) {
    for (const [option, source] of Object.entries(OPTION_SOURCES[def.name] ?? {})) {
      if (!(option in def.options.shape)) continue;
      if (!CLOSED.has(source)) {
        out.push({ command: def.name, option, suggest: true });
        continue;
      }
      if (!closed.has(source)) closed.set(source, await valuesOf(deps, source));
      const values = closed.get(source)!;
      out.push(values.length > 0 && values.length <= MAX_VALUES ? { command: def.name, option, choices: values } : { command: def.name, option, suggest: true });
    }
  }
  return out;
}

/**
 * Suggestions for what the caller is typing: values of the option's set that contain the typed text
 * (those starting with it first). Only for a caller who may run the command: a stranger learns no
 * user names or invite codes by typing.
 */
export async function suggestValues(deps: OptionValueDeps, caller: Caller, input: { command: string; option: string; typed: string }): Promise<string[]> {
  const def = deps.registry.find((candidate) => candidate.name === input.command);
  const source = OPTION_SOURCES[input.command]?.[input.option];
  if (!def || !source || !mayRun(def, caller)) return [];
  const typed = input.typed.trim().toLowerCase();
  const values = (await valuesOf(deps, source)).filter((value) => value.toLowerCase().includes(typed));
  const starting = values.filter((value) => value.toLowerCase().startsWith(typed));
  const inside = values.filter((value) => !value.toLowerCase().startsWith(typed));
  return [...starting, ...inside].slice(0, MAX_VALUES);
}

async function valuesOf(deps: OptionValueDeps, source: ValueSource): Promise<string[]> {
  switch (source) {
    case 'profile':
      return (await deps.services.profiles.list()).map((profile) => profile.name);
    case 'language':
      return [...(deps.languages?.() ?? DEFAULT_LANGUAGES)];
    case 'jellyfin_user':
      return (await deps.services.users.list()).map((user) => user.name);
    case 'invite':
      return (await deps.services.invites.list()).map((invite) => invite.code);
  }
}

/** The profiles service, telling `changed` after every capture, rename and removal (their names are choices). */
export function announceProfileChanges(profiles: Services['profiles'], changed: () => void): Services['profiles'] {
  const after = async <T>(work: Promise<T>): Promise<T> => {
    const value = await work;
    changed();
    return value;
  };
  return {
    capture: (input) => after(profiles.capture(input)),
    list: () => profiles.list(),
    show: (name) => profiles.show(name),
    setDefault: (name) => profiles.setDefault(name),
    rename: (name, to) => after(profiles.rename(name, to)),
    remove: (name) => after(profiles.remove(name)),
  };
}

/** The services with a profiles member that emits `signal` after each change (src/app.ts wires it). */
export function withProfileChanges(services: Services, signal: ChangeSignal): Services {
  return { ...services, profiles: announceProfileChanges(services.profiles, () => signal.emit()) };
}
