// SKELETON: the shapes core services hand to commands and HTTP. Timestamps are ISO-8601 UTC text.

export type InviteStatus = 'active' | 'expired' | 'used_up' | 'revoked';

export interface InviteView {
  code: string;
  /** `{server.public_url}/invite/{code}` */
  link: string;
  status: InviteStatus;
  label: string | null;
  user_label: string | null;
  profile: string | null;
  /** 0 = unlimited */
  uses_total: number;
  uses_count: number;
  /** null when unlimited */
  uses_left: number | null;
  expires_at: string;
  /** Duration text added to the sign-up time, e.g. `30d`; null = accounts never expire. */
  account_expiry: string | null;
  created_by: string | null;
  created_at: string;
  revoked_at: string | null;
}

export interface RedemptionView {
  username: string;
  user_id: string;
  redeemed_at: string;
}

export interface ProfileView {
  id: string;
  name: string;
  is_default: boolean;
  source_user: string | null;
  has_configuration: boolean;
  has_display_prefs: boolean;
  created_at: string;
  updated_at: string;
}

export interface UserView {
  id: string;
  name: string;
  is_admin: boolean;
  is_disabled: boolean;
  last_active_at: string | null;
  /** Known to Doorman (signed up through an invite or otherwise recorded). */
  managed: boolean;
  expires_at: string | null;
  label: string | null;
  invite_code: string | null;
  created_at: string | null;
}

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  created_by: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface SignupInput {
  username: string;
  password: string;
  /** When given (the web form), it must equal `password`. */
  password_confirm?: string;
  email?: string;
  /**
   * Chat contacts proven by PIN: page → bot (`{pin}` the bot verified) or bot → page (`{pin, handle}`,
   * the PIN the bot sent to that handle). Checked per contacts.<platform>.mode and unique.
   */
  contacts?: Partial<Record<'telegram' | 'discord' | 'matrix', { pin: string; handle?: string }>>;
}

export interface SignupResult {
  user: { id: string; name: string; expires_at: string | null };
}

export interface HealthReport {
  ok: boolean;
  database: { ok: boolean; error?: string };
  jellyfin: { ok: boolean; version?: string; error?: string };
}
