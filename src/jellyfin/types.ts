/**
 * Jellyfin's objects as Doorman handles them. Policy, Configuration and display preferences are
 * kept as whole raw JSON objects so fields Doorman does not know survive a read-modify-write.
 */
export type JsonObject = { [key: string]: unknown };

export interface JfPolicy extends JsonObject {
  IsAdministrator?: boolean;
  IsDisabled?: boolean;
  EnableAllFolders?: boolean;
  EnabledFolders?: string[];
  AuthenticationProviderId?: string;
  PasswordResetProviderId?: string;
}

export type JfConfiguration = JsonObject;

export interface JfDisplayPreferences extends JsonObject {
  CustomPrefs?: Record<string, string | null>;
}

export interface JfUser extends JsonObject {
  /** Normalised: 32 lowercase hex digits. */
  Id: string;
  Name: string;
  Policy: JfPolicy;
  Configuration: JfConfiguration;
  LastLoginDate?: string;
  LastActivityDate?: string;
}

export interface JfServerInfo {
  serverName: string;
  /** `10.11.11` */
  version: string;
  id: string;
  /** `Jellyfin Server` for Jellyfin; absent on Emby. */
  productName?: string;
}

export interface JfLibrary {
  id: string;
  name: string;
  collectionType?: string;
}

/** Lowercase, hyphens removed: the one form Doorman stores and compares. */
export function normaliseId(id: string): string {
  return id.replace(/[-{}]/g, '').toLowerCase();
}
