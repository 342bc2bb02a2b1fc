import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The Matrix adapter is a surface of the chat runtime: no command logic of its own. */

const dir = join(import.meta.dirname, '..', '..', 'adapters', 'matrix');
const files = readdirSync(dir).filter((name) => name.endsWith('.ts'));

function importsOf(file: string): string[] {
  const text = readFileSync(join(dir, file), 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]);
}

describe('adapters/matrix', () => {
  it('imports nothing from commands/ but the Reply, Caller and error types, and never src/core or src/db', () => {
    const allowed = new Set(['../../commands/reply.ts', '../../commands/types.ts', '../../commands/errors.ts']);
    const violations = files.flatMap((file) =>
      importsOf(file)
        .filter((spec) => (spec.includes('/commands/') && !allowed.has(spec)) || /src\/(core|db)\//.test(spec))
        .map((spec) => `${file} imports ${spec}`),
    );
    expect(violations).toEqual([]);
  });

  it('runs every message through runtime.identify and runtime.run, and dispatches nothing itself', () => {
    const sources = files.map((file) => readFileSync(join(dir, file), 'utf8')).join('\n');
    expect(sources).toMatch(/runtime\.identify\(/);
    expect(sources).toMatch(/runtime\.run\(/);
    expect(sources).not.toMatch(/\bdispatch\(|parseTokens\(|parseChatText\(|CommandDef/);
    // No command word is matched in the adapter: `!invite`, `=== 'link'`, … live in commands/.
    const words = '(invite|link|unlink|me|help|start|lang|notify|user|profile|apikey)';
    expect(sources).not.toMatch(new RegExp(`['"\`]!${words}\\b`));
    expect(sources).not.toMatch(new RegExp(`(===?|case)\\s*['"\`]${words}['"\`]`));
  });
});
