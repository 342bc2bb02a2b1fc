import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registry } from '../../commands/index.ts';

const root = join(import.meta.dirname, '..', '..');

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]);
}

describe('what adapters may import', () => {
  it('src/chat imports neither src/core nor src/db, so adapters using it stay clean', () => {
    const dir = join(root, 'src', 'chat');
    const violations = readdirSync(dir)
      .filter((name) => name.endsWith('.ts'))
      .flatMap((name) => importsOf(join(dir, name)).filter((spec) => /\/(core|db)\//.test(spec) || spec.startsWith('../core') || spec.startsWith('../db')).map((spec) => `${name} imports ${spec}`));
    expect(violations).toEqual([]);
  });

  it('no command exists twice for different platforms: one file per command, platform-neutral', () => {
    const names = registry.map((c) => c.name);
    expect(names.filter((n) => /telegram|discord|matrix/.test(n))).toEqual([]);
    const files = readdirSync(join(root, 'commands'));
    expect(files.filter((f) => /telegram|discord|matrix/i.test(f))).toEqual([]);
  });
});
