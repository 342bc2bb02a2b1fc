import { LogService, LogLevel } from 'matrix-bot-sdk';
import type { Logger } from '../../src/log.ts';
import { describeError } from './errors.ts';

/**
 * matrix-bot-sdk logs to the console through its global LogService, and calls an ordinary 404 (no
 * `m.direct` yet) an error. Its lines go to Doorman's logger instead: a failing sync loop as a
 * warning, everything else at debug.
 */
export function routeSdkLogs(log: Logger): void {
  const line = (module: string, parts: unknown[]) => `${module}: ${parts.map(text).join(' ')}`;
  LogService.setLevel(LogLevel.INFO);
  LogService.setLogger({
    trace: () => {},
    debug: () => {},
    info: (module: string, ...parts: unknown[]) => log.debug(line(module, parts)),
    warn: (module: string, ...parts: unknown[]) => log.debug(line(module, parts)),
    error: (module: string, ...parts: unknown[]) => (module === 'MatrixClientLite' ? log.warn(line(module, parts)) : log.debug(line(module, parts))),
  });
}

function text(part: unknown): string {
  if (typeof part === 'string') return part;
  if (part instanceof Error || (part !== null && typeof part === 'object' && 'statusCode' in part)) return describeError(part);
  try {
    return JSON.stringify(part)?.slice(0, 300) ?? String(part);
  } catch {
    return String(part);
  }
}
