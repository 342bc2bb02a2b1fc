import type { ProfileView } from '../src/core/views.ts';
import { when, yesNo } from './format.ts';
import type { ReplyField, ReplyTable } from './reply.ts';

export function profileFields(profile: ProfileView): ReplyField[] {
  return [
    { label: 'name', value: profile.name },
    { label: 'default', value: yesNo(profile.is_default) },
    { label: 'captured from', value: profile.source_user ?? 'unknown' },
    { label: 'user settings', value: profile.has_configuration ? 'included' : 'not included' },
    { label: 'home screen', value: profile.has_display_prefs ? 'included' : 'not included' },
    { label: 'updated', value: when(profile.updated_at) },
  ];
}

export function profileTable(profiles: ProfileView[]): ReplyTable {
  return {
    columns: ['name', 'default', 'captured from', 'home screen', 'updated'],
    rows: profiles.map((p) => [p.name, yesNo(p.is_default), p.source_user ?? '-', yesNo(p.has_display_prefs), when(p.updated_at)]),
  };
}

/** The policy facts an admin checks first; the whole policy is in the reply's data. */
export function policySummary(policy: Record<string, unknown>): ReplyField[] {
  const folders = Array.isArray(policy.EnabledFolders) ? policy.EnabledFolders.length : 0;
  const sessions = typeof policy.MaxActiveSessions === 'number' ? policy.MaxActiveSessions : 0;
  return [
    { label: 'libraries', value: policy.EnableAllFolders === false ? `${folders} chosen` : 'all' },
    { label: 'downloads', value: policy.EnableContentDownloading === false ? 'off' : 'on' },
    { label: 'remote access', value: policy.EnableRemoteAccess === false ? 'off' : 'on' },
    { label: 'max sessions', value: sessions > 0 ? String(sessions) : 'unlimited' },
    { label: 'administrator', value: yesNo(policy.IsAdministrator === true) },
  ];
}
