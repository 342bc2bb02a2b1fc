import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { configSchema, type Config } from './schema.ts';

export const ENV_PREFIX = 'DOORMAN_';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source}: configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Picks the config file: `--config FILE`, else $DOORMAN_CONFIG, else ./doorman.yaml. */
export function configPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(flag ?? env.DOORMAN_CONFIG ?? 'doorman.yaml');
}

export function loadConfigFile(path: string, env: NodeJS.ProcessEnv = process.env): Config {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(error);
    throw new ConfigError(path, [`cannot read the config file (${reason}); copy config.example.yaml there or pass --config FILE`]);
  }
  return parseConfig(text, path, env);
}

/** Parses YAML text, lays environment overrides over it, validates, resolves paths and freezes. */
export function parseConfig(text: string, source: string, env: NodeJS.ProcessEnv = process.env): Config {
  let raw: unknown;
  try {
    raw = parseYaml(text) ?? {};
  } catch (error) {
    throw new ConfigError(source, [`the file is not valid YAML: ${(error as Error).message}`]);
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(source, ['the top level must be a mapping of keys']);
  const merged = applyEnvOverrides(raw as Record<string, unknown>, env);
  return validateConfig(merged, source);
}

export function validateConfig(raw: unknown, source: string, baseDir = process.cwd()): Config {
  const result = configSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(source, formatIssues(result.error.issues));
  const config = result.data;
  const dataDir = isAbsolute(config.data_dir) ? config.data_dir : resolve(baseDir, config.data_dir);
  return deepFreeze({ ...config, data_dir: dataDir });
}

/**
 * `DOORMAN_SERVER__PUBLIC_URL=…` sets `server.public_url`. Values are read as YAML scalars, so
 * numbers and booleans keep their type and lists may be written as JSON (`["a","b"]`).
 */
export function applyEnvOverrides(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const result = structuredClone(raw);
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(ENV_PREFIX) || value === undefined || name === 'DOORMAN_CONFIG') continue;
    const path = name.slice(ENV_PREFIX.length).toLowerCase().split('__');
    let node: Record<string, unknown> = result;
    for (const key of path.slice(0, -1)) {
      if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    node[path[path.length - 1]] = parseEnvValue(value);
  }
  return result;
}

function parseEnvValue(value: string): unknown {
  try {
    const parsed: unknown = parseYaml(value);
    return parsed === null ? value : parsed;
  } catch {
    return value;
  }
}

function formatIssues(issues: z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const path = issue.path.join('.') || '(top level)';
    if (issue.code === 'unrecognized_keys') {
      const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
      return `${where}unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')} (see config.example.yaml)`;
    }
    if (issue.code === 'invalid_type' && issue.message.includes('received undefined')) return `${path}: required, ${describeExpected(issue.expected)}`;
    return `${path}: ${issue.message}`;
  });
}

function describeExpected(expected: string): string {
  return `expected ${expected === 'object' ? 'a mapping' : `a ${expected}`}`;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
