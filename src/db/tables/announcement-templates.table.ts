import type { Selectable } from 'kysely';

/** An announcement saved by name (`announce template save NAME message:"…"`). */
export interface AnnouncementTemplatesTable {
  /** The name lower-cased: names are unique regardless of case. */
  name_key: string;
  name: string;
  /** Markdown; `{username}` is replaced per recipient. */
  text: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export type AnnouncementTemplateRow = Selectable<AnnouncementTemplatesTable>;
