import { z } from 'zod';
import { DomainError } from './errors.ts';
import { opt } from './options.ts';

/** Shared by the commands' replies, so every surface sees the same wording for the same facts. */

/** `2026-12-05T14:03:00.000Z` → `2026-12-05 14:03 UTC`; null → the fallback. */
export function when(iso: string | null | undefined, fallback = 'never'): string {
  if (!iso) return fallback;
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return match ? `${match[1]} ${match[2]} UTC` : iso;
}

export function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}

/** A table cell: never empty, so columns stay countable for scripts. */
export function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '-';
  return String(value);
}

/** The option destructive commands take; `--yes` on the CLI sets it. */
export const confirmOption = () => opt.flag('Confirm that you mean it (the CLI also accepts --yes)').optional();

/**
 * Destructive commands refuse until confirmed. The chat confirm-token flow comes later; for now the
 * caller repeats the command with --yes (or confirm:true).
 */
export function requireConfirmation(confirmed: boolean | undefined, consequence: string): void {
  if (!confirmed) {
    throw new DomainError('confirmation_required', `${consequence} Run it again with --yes to confirm.`);
  }
}

/** The description attached with `.describe()`, looked up through optional/default wrappers. */
export function describeOption(schema: z.ZodType): string {
  let current: z.ZodType = schema;
  for (let depth = 0; depth < 5; depth++) {
    if (current.description) return current.description;
    if (current instanceof z.ZodOptional || current instanceof z.ZodDefault) current = current.unwrap() as z.ZodType;
    else break;
  }
  return '';
}
