import pino, { type Logger } from 'pino';

export type { Logger };

/** Paths pino must never print: secrets, PINs and passwords, wherever they appear in a log object. */
export const REDACT_PATHS = [
  'password',
  '*.password',
  'password_confirm',
  '*.password_confirm',
  'pin',
  '*.pin',
  'token',
  '*.token',
  'key',
  '*.key',
  'api_key',
  '*.api_key',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers["x-emby-authorization"]',
  'Pw',
  '*.Pw',
  'NewPw',
  '*.NewPw',
];

export interface LogOptions {
  level?: string;
  pretty?: boolean;
}

export function createLogger(options: LogOptions = {}): Logger {
  const base = { level: options.level ?? 'info', redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  if (options.pretty) {
    return pino({ ...base, transport: { target: 'pino-pretty', options: { colorize: true, ignore: 'pid,hostname' } } });
  }
  return pino(base);
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
