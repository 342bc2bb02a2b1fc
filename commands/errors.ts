/**
 * The error type commands throw and surfaces render, re-exported so adapters can recognise it
 * without importing src/core (the house rule on imports).
 */
export { DomainError, ERROR_STATUS, isDomainError } from '../src/core/errors.ts';
export type { ErrorCode, FieldProblem } from '../src/core/errors.ts';
