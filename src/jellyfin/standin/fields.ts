/**
 * Reading request bodies the way System.Text.Json with ASP.NET's web defaults does: property names
 * case-insensitive, unknown properties ignored, numbers allowed as strings, enums as names (any case)
 * or numbers. A value that cannot be converted is a model-binding error (400 problem details).
 */
import { parseGuid } from './wire.ts';
import { atLeast, type StandinVersion } from './types.ts';

export type FieldKind =
  | 'bool'
  | 'int'
  | 'intOrNull'
  | 'number'
  | 'string'
  | 'strings'
  | 'guids'
  | 'enum'
  | 'enums'
  | 'schedules'
  | 'stringMap'
  | 'any';

export interface FieldSpec {
  /** The model's PascalCase name, as Jellyfin writes it. */
  name: string;
  kind: FieldKind;
  /** Allowed names for enum kinds, in declaration order (numbers index into it). */
  values?: readonly string[];
  since?: StandinVersion;
}

export type Converted = { ok: true; value: unknown } | { ok: false };

const BAD: Converted = { ok: false };
const ok = (value: unknown): Converted => ({ ok: true, value });

export function availableIn<T extends FieldSpec>(specs: readonly T[], version: StandinVersion): T[] {
  return specs.filter((spec) => !spec.since || atLeast(version, spec.since));
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toInt(value: unknown): Converted {
  const number = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number)) return BAD;
  return number >= -2147483648 && number <= 2147483647 ? ok(number) : BAD;
}

function toNumber(value: unknown): Converted {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? ok(number) : BAD;
}

export function toEnum(value: unknown, names: readonly string[]): Converted {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 && value < names.length ? ok(names[value]) : BAD;
  if (typeof value !== 'string') return BAD;
  const found = names.find((name) => name.toLowerCase() === value.trim().toLowerCase());
  return found ? ok(found) : BAD;
}

function eachOf(value: unknown, convert: (item: unknown) => Converted): Converted {
  if (value === null) return ok(null);
  if (!Array.isArray(value)) return BAD;
  const result: unknown[] = [];
  for (const item of value) {
    const converted = convert(item);
    if (!converted.ok) return BAD;
    result.push(converted.value);
  }
  return ok(result);
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Everyday', 'Weekday', 'Weekend'];

/** AccessSchedule input: only DayOfWeek, StartHour and EndHour matter; Id and UserId are assigned. */
function toSchedule(item: unknown): Converted {
  if (item === null) return ok(null);
  if (!isPlainObject(item)) return BAD;
  const read = readFields(
    [
      { name: 'DayOfWeek', kind: 'enum', values: DAYS },
      { name: 'StartHour', kind: 'number' },
      { name: 'EndHour', kind: 'number' },
    ],
    item,
  );
  if (Object.keys(read.errors).length > 0) return BAD;
  return ok({ DayOfWeek: 'Sunday', StartHour: 0, EndHour: 0, ...read.values });
}

function toStringMap(value: unknown): Converted {
  if (value === null) return ok(null);
  if (!isPlainObject(value)) return BAD;
  const entries = Object.entries(value);
  if (entries.some(([, item]) => item !== null && typeof item !== 'string')) return BAD;
  return ok(Object.fromEntries(entries));
}

export function convert(spec: FieldSpec, value: unknown): Converted {
  switch (spec.kind) {
    case 'bool':
      return typeof value === 'boolean' ? ok(value) : BAD;
    case 'int':
      return toInt(value);
    case 'intOrNull':
      return value === null ? ok(null) : toInt(value);
    case 'number':
      return toNumber(value);
    case 'string':
      return value === null || typeof value === 'string' ? ok(value) : BAD;
    case 'strings':
      return eachOf(value, (item) => (item === null || typeof item === 'string' ? ok(item) : BAD));
    case 'guids':
      return eachOf(value, (item) => {
        const guid = typeof item === 'string' ? parseGuid(item) : null;
        return guid ? ok(guid) : BAD;
      });
    case 'enum':
      return toEnum(value, spec.values ?? []);
    case 'enums':
      return eachOf(value, (item) => toEnum(item, spec.values ?? []));
    case 'schedules':
      return eachOf(value, toSchedule);
    case 'stringMap':
      return toStringMap(value);
    case 'any':
      return ok(value);
  }
}

export interface ReadResult {
  /** Converted values of the properties that were present, under the model's names. */
  values: Record<string, unknown>;
  /** Binding errors by JSON path, as ASP.NET reports them. */
  errors: Record<string, string[]>;
}

/** Matches incoming keys to the model case-insensitively; the last duplicate wins, unknown keys are dropped. */
export function readFields(specs: readonly FieldSpec[], input: Record<string, unknown>, path = '$'): ReadResult {
  const byLowerName = new Map(specs.map((spec) => [spec.name.toLowerCase(), spec]));
  const result: ReadResult = { values: {}, errors: {} };
  for (const [key, value] of Object.entries(input)) {
    const spec = byLowerName.get(key.toLowerCase());
    if (!spec) continue;
    const converted = convert(spec, value);
    if (converted.ok) result.values[spec.name] = converted.value;
    else result.errors[`${path}.${key}`] = [`The JSON value could not be converted (${spec.kind}). Path: ${path}.${key}`];
  }
  return result;
}
