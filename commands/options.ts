import { z } from 'zod';
import { DURATION_HINT, parseDuration } from '../src/core/duration.ts';

/**
 * Option types shared by every command. Text surfaces hand over strings (`uses:3`), JSON surfaces
 * hand over typed values; each helper accepts both and yields one type.
 */
export const opt = {
  text: (description: string) => z.string().trim().min(1).describe(description),

  count: (description: string) =>
    z.coerce
      .number({ error: 'expected a whole number' })
      .int('expected a whole number')
      .min(0, 'expected 0 or more')
      .describe(description),

  duration: (description: string) =>
    z
      .string()
      .trim()
      .refine((text) => parseDuration(text) !== null, { message: `expected ${DURATION_HINT}` })
      .describe(description),

  flag: (description: string) =>
    z
      .union([z.boolean(), z.enum(['true', 'false', 'yes', 'no', 'on', 'off', '1', '0'])], {
        error: 'expected true or false',
      })
      .transform((value) => value === true || value === 'true' || value === 'yes' || value === 'on' || value === '1')
      .describe(description),
};
