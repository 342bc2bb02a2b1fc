import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ConfigError, parseConfig } from '../../src/config/load.ts';
import { configSchema } from '../../src/config/schema.ts';

const examplePath = join(import.meta.dirname, '../../config.example.yaml');

function leafPaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => leafPaths(child, prefix ? `${prefix}.${key}` : key));
}

describe('config.example.yaml', () => {
  it('passes the schema', () => {
    const config = parseConfig(readFileSync(examplePath, 'utf8'), examplePath, {});
    expect(config.server.port).toBe(8056);
    expect(config.jellyfin.url).toBe('http://localhost:8096');
  });

  it('documents every key the schema knows', () => {
    const minimal = { jellyfin: { url: 'http://j', username: 'a', password: 'b' } };
    const schemaKeys = leafPaths(configSchema.parse(minimal)).sort();
    const documented = readFileSync(examplePath, 'utf8');
    const missing = schemaKeys.filter((path) => !new RegExp(`^\\s*#?\\s*${path.split('.').pop()}:`, 'm').test(documented));
    expect(missing).toEqual([]);
    expect(leafPaths(parse(documented)).length).toBeGreaterThan(10);
  });
});

describe('config errors', () => {
  it('name the key path and what is expected', () => {
    const yaml = 'server: {port: "eighty"}\njellyfin: {url: "ftp://x", username: a}\nbogus: 1\n';
    let error: ConfigError | undefined;
    try {
      parseConfig(yaml, 'doorman.yaml', {});
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = error!.problems.join('\n');
    expect(text).toContain('server.port:');
    expect(text).toContain('jellyfin.url: expected an http:// or https:// address');
    expect(text).toContain('jellyfin.password: required');
    expect(text).toContain('unknown key bogus');
  });

  it('take environment overrides by key path, typed', () => {
    const yaml = 'jellyfin: {url: "http://j", username: a, password: b}\n';
    const config = parseConfig(yaml, 'x', {
      DOORMAN_SERVER__PUBLIC_URL: 'https://join.example.org/',
      DOORMAN_SERVER__PORT: '9000',
      DOORMAN_JELLYFIN__PASSWORD: 'from-env',
    });
    expect(config.server.public_url).toBe('https://join.example.org');
    expect(config.server.port).toBe(9000);
    expect(config.jellyfin.password).toBe('from-env');
    expect(Object.isFrozen(config.server)).toBe(true);
  });

  it('default the public address from the port', () => {
    const config = parseConfig('server: {port: 8123}\njellyfin: {url: "http://j", username: a, password: b}\n', 'x', {});
    expect(config.server.public_url).toBe('http://localhost:8123');
    expect(config.server.host).toBe('0.0.0.0');
  });
});
