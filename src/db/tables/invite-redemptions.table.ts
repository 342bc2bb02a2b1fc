import type { Insertable, Selectable } from 'kysely';

export interface InviteRedemptionsTable {
  id: string;
  invite_code: string;
  jellyfin_user_id: string;
  username: string;
  redeemed_at: string;
}

export type InviteRedemptionRow = Selectable<InviteRedemptionsTable>;
export type NewInviteRedemptionRow = Insertable<InviteRedemptionsTable>;
