/**
 * The one duration syntax of every surface: `30m`, `12h`, `7d`, `2w`, `1mo`, `1y`, or several
 * joined (`1mo15d`). Months and years are calendar units, so "1mo" from 31 Jan lands on the last
 * day of February rather than drifting by a fixed number of days.
 */
export interface Duration {
  months: number;
  ms: number;
}

const UNIT_MS: Record<string, number> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

const PART = /(\d+)\s*(mo|y|w|d|h|m|s)/gy;

export const DURATION_HINT = 'a duration such as 30m, 12h, 7d, 2w, 1mo or 1y';

export function parseDuration(text: string): Duration | null {
  const source = text.trim().toLowerCase();
  if (source === '') return null;
  let months = 0;
  let ms = 0;
  PART.lastIndex = 0;
  let consumed = 0;
  for (let match = PART.exec(source); match; match = PART.exec(source)) {
    const amount = Number(match[1]);
    const unit = match[2];
    if (unit === 'mo') months += amount;
    else if (unit === 'y') months += amount * 12;
    else ms += amount * UNIT_MS[unit];
    consumed = PART.lastIndex;
  }
  return consumed === source.length ? { months, ms } : null;
}

export function isZero(duration: Duration): boolean {
  return duration.months === 0 && duration.ms === 0;
}

/** Adds a duration to a date: calendar months first (clamped to the month's last day), then time. */
export function addDuration(from: Date, duration: Duration): Date {
  const result = new Date(from.getTime());
  if (duration.months !== 0) {
    const day = result.getUTCDate();
    result.setUTCDate(1);
    result.setUTCMonth(result.getUTCMonth() + duration.months);
    const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
    result.setUTCDate(Math.min(day, lastDay));
  }
  return new Date(result.getTime() + duration.ms);
}

/** Milliseconds of a duration with months counted as 30 days: for timeouts and intervals only. */
export function approximateMs(duration: Duration): number {
  return duration.months * 30 * UNIT_MS.d + duration.ms;
}

export function formatDuration(duration: Duration): string {
  const parts: string[] = [];
  if (duration.months) parts.push(duration.months % 12 === 0 ? `${duration.months / 12}y` : `${duration.months}mo`);
  let rest = duration.ms;
  for (const unit of ['w', 'd', 'h', 'm', 's']) {
    const size = UNIT_MS[unit];
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join('') || '0m';
}
