import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|mjs)$/.test(name) ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]);
}

describe('the house rules on imports', () => {
  it('adapters never import src/core or src/db', () => {
    const violations = sources(join(root, 'adapters')).flatMap((file) =>
      imports(file)
        .filter((spec) => /(^|\/)src\/(core|db)\//.test(spec.replace(/\\/g, '/')))
        .map((spec) => `${relative(root, file)} imports ${spec}`),
    );
    expect(violations).toEqual([]);
  });

  it('migrations never import app code', () => {
    const violations = sources(join(root, 'migrations')).flatMap((file) =>
      imports(file)
        .filter((spec) => spec.startsWith('.') && !spec.startsWith('./'))
        .map((spec) => `${relative(root, file)} imports ${spec}`),
    );
    expect(violations).toEqual([]);
  });

  it('keeps source files under 400 lines', () => {
    const long = ['src', 'adapters', 'commands', 'migrations']
      .flatMap((dir) => sources(join(root, dir)))
      .filter((file) => readFileSync(file, 'utf8').split('\n').length > 400)
      .map((file) => relative(root, file));
    expect(long).toEqual([]);
  });

  it('keeps functions under 60 lines', () => {
    const long: string[] = [];
    for (const file of ['src', 'adapters', 'commands', 'migrations', 'bench'].flatMap((dir) => sources(join(root, dir)))) {
      if (!file.endsWith('.ts')) continue;
      const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node): void => {
        if (ts.isFunctionLike(node) && 'body' in node && node.body) {
          const first = source.getLineAndCharacterOfPosition(node.getStart()).line;
          const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
          if (last - first + 1 > 60) long.push(`${relative(root, file)}:${first + 1} (${last - first + 1} lines)`);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(long).toEqual([]);
  });
});
