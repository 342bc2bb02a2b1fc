import type { InviteView } from '../src/core/views.ts';
import { cell, when } from './format.ts';
import type { ReplyField, ReplyTable } from './reply.ts';

/** How an invite reads on every surface: one place, so `create`, `show` and `revoke` agree. */

export function usesText(invite: InviteView): string {
  if (invite.uses_total === 0) return `unlimited (${invite.uses_count} used)`;
  return `${invite.uses_count} of ${invite.uses_total} used`;
}

export function inviteFields(invite: InviteView): ReplyField[] {
  const fields: ReplyField[] = [
    { label: 'code', value: invite.code },
    { label: 'link', value: invite.link },
    { label: 'status', value: invite.status.replace('_', ' ') },
    { label: 'uses', value: usesText(invite) },
    { label: 'valid until', value: when(invite.expires_at) },
    { label: 'profile', value: invite.profile ?? 'the default profile' },
    { label: 'accounts expire', value: invite.account_expiry ? `${invite.account_expiry} after sign-up` : 'never' },
  ];
  if (invite.label) fields.push({ label: 'label', value: invite.label });
  if (invite.user_label) fields.push({ label: 'user label', value: invite.user_label });
  if (invite.created_by) fields.push({ label: 'created by', value: invite.created_by });
  fields.push({ label: 'created', value: when(invite.created_at) });
  if (invite.revoked_at) fields.push({ label: 'revoked', value: when(invite.revoked_at) });
  return fields;
}

/** The code comes first: `doorman run invite list` promises one line per invite, its code first. */
export function inviteTable(invites: InviteView[]): ReplyTable {
  return {
    columns: ['code', 'status', 'uses', 'valid until', 'profile', 'label'],
    rows: invites.map((invite) => [
      invite.code,
      invite.status.replace('_', ' '),
      invite.uses_total === 0 ? `${invite.uses_count}/unlimited` : `${invite.uses_count}/${invite.uses_total}`,
      when(invite.expires_at),
      invite.profile ?? '(default)',
      cell(invite.label),
    ]),
  };
}
