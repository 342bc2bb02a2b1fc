/** Query-string model binding: an unparsable value or a missing [Required] one is a 400 problem. */
import type { RequestContext } from './route-types.ts';
import { parseGuid, validationFailure } from './wire.ts';

/** `[FromQuery] Guid? name`: absent or empty is null. */
export function optionalGuid(context: RequestContext, name: string): string | undefined {
  const text = context.query(name);
  if (text === undefined || text === '') return undefined;
  const guid = parseGuid(text);
  if (!guid) throw validationFailure(context.version, { [name]: [`The value '${text}' is not valid.`] });
  return guid;
}

/** `[FromQuery, Required] Guid name`. */
export function requiredGuid(context: RequestContext, name: string): string {
  const guid = optionalGuid(context, name);
  if (guid === undefined) throw validationFailure(context.version, { [name]: [`The ${name} field is required.`] });
  return guid;
}

/** `[FromQuery, Required] string name`: empty counts as missing. */
export function requiredString(context: RequestContext, name: string): string {
  const text = context.query(name);
  if (text === undefined || text === '') throw validationFailure(context.version, { [name]: [`The ${name} field is required.`] });
  return text;
}

/** `[FromQuery] bool? name`. */
export function optionalBoolean(context: RequestContext, name: string): boolean | undefined {
  const text = context.query(name);
  if (text === undefined || text === '') return undefined;
  const lower = text.trim().toLowerCase();
  if (lower !== 'true' && lower !== 'false') throw validationFailure(context.version, { [name]: [`The value '${text}' is not valid.`] });
  return lower === 'true';
}
