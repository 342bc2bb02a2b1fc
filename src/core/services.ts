import type { Config } from '../config/schema.ts';
import type { Db } from '../db/database.ts';
import type { JellyfinClient } from '../jellyfin/client.ts';
import type { Logger } from '../log.ts';
import type { Clock } from './clock.ts';
import type {
  ApiKeyView,
  HealthReport,
  InviteView,
  ProfileView,
  RedemptionView,
  SignupInput,
  SignupResult,
  UserView,
} from './views.ts';

// SKELETON: the core's public surface as commands and HTTP see it. The core work replaces these
// declarations by the real classes (one file each) and keeps createServices(deps) as the entry.

export interface CoreDeps {
  db: Db;
  jellyfin: JellyfinClient;
  config: Config;
  log: Logger;
  clock: Clock;
}

export interface CreateInviteInput {
  uses?: number;
  valid?: string;
  profile?: string;
  expiry?: string;
  label?: string;
  user_label?: string;
  created_by?: string;
}

export interface Services {
  invites: {
    create(input: CreateInviteInput): Promise<InviteView>;
    list(): Promise<InviteView[]>;
    show(code: string): Promise<InviteView & { redemptions: RedemptionView[] }>;
    revoke(code: string): Promise<InviteView>;
    /** Throws invite_invalid alike for unknown, expired, used-up and revoked codes. */
    requireUsable(code: string): Promise<InviteView>;
  };
  profiles: {
    capture(input: { name: string; from: string; homescreen?: boolean }): Promise<ProfileView>;
    list(): Promise<ProfileView[]>;
    show(name: string): Promise<ProfileView & { policy: Record<string, unknown> }>;
    setDefault(name: string): Promise<ProfileView>;
    rename(name: string, to: string): Promise<ProfileView>;
    remove(name: string): Promise<void>;
  };
  signup: {
    signup(code: string, input: SignupInput): Promise<SignupResult>;
    /** Retries recorded undos; returns how many finished. */
    resumeUndos(): Promise<number>;
  };
  users: {
    list(): Promise<UserView[]>;
    info(nameOrId: string): Promise<UserView>;
  };
  apiKeys: {
    create(name: string, createdBy: string | null): Promise<{ key: string; view: ApiKeyView }>;
    list(): Promise<ApiKeyView[]>;
    revoke(idOrPrefix: string): Promise<ApiKeyView>;
    /** The key's record when it is valid and not revoked; constant-time on the hash. */
    verify(key: string): Promise<ApiKeyView | null>;
  };
  health: {
    check(): Promise<HealthReport>;
  };
  /** The Jellyfin address users are sent to after signing up. */
  jellyfinPublicUrl: string;
}

export function createServices(deps: CoreDeps): Services {
  throw new Error(`not implemented ${Object.keys(deps).length}`);
}
