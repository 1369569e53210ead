/**
 * The shape rules of src/, read from the import statements themselves (STYLE.md, "Our shape"):
 *  - no folder imports a folder that imports it back (directly or round a longer loop);
 *  - src/model never imports three.js, lil-gui or the DOM, so it runs in Node and in workers;
 *  - src/engine and src/spec touch no DOM but the engine's own canvas (no document, no window);
 *  - the page reaches the engine only through its public entry, src/engine/index.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { folderCycles, importsOf, stripComments } from '../../harness/import-graph';

const SRC = join(import.meta.dirname, '..', '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const files = sourceFiles(SRC).map((path) => ({ path: relative(SRC, path), text: readFileSync(path, 'utf8') }));

/** Each relative import as the src-relative path it names (without extension). */
function localTargets(file: { path: string; text: string }): string[] {
  return importsOf(file.text)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => normalize(join(dirname(file.path), spec)));
}

describe('import rules', () => {
  it('the parser finds static, type-only, re-export and dynamic imports, and skips comments', () => {
    const text = [
      "import a from './a';",
      "import type { B } from '../b';",
      "export { c } from './c';",
      "const d = await import('./d');",
      "// import e from './e';",
      "/* import f from './f'; */",
      "import 'three';",
    ].join('\n');
    expect(importsOf(text)).toEqual(['./a', '../b', './c', './d', 'three']);
  });

  it('the cycle finder reports a loop through three folders and none in a tree', () => {
    expect(folderCycles([['a', 'b'], ['b', 'c'], ['c', 'a'], ['c', 'd']])).toEqual([['a', 'b', 'c']]);
    expect(folderCycles([['a', 'b'], ['a', 'c'], ['b', 'c']])).toEqual([]);
  });

  it('no folder of src imports a folder that imports it back', () => {
    const edges: [string, string][] = [];
    for (const file of files) {
      for (const target of localTargets(file)) {
        const from = dirname(file.path);
        const to = dirname(target);
        if (from !== to) edges.push([from, to]);
      }
    }
    expect(edges.length).toBeGreaterThan(50);
    expect(folderCycles(edges)).toEqual([]);
  });

  it('src/model imports neither three.js, lil-gui nor the DOM', () => {
    const model = files.filter((f) => f.path.startsWith('model/'));
    expect(model.length).toBeGreaterThan(20);
    const offenders = model.flatMap((f) => {
      const bad = importsOf(f.text).filter((spec) => /^(three|lil-gui)(\/|$)/.test(spec) || /^\.\.\/(\.\.\/)*(engine|page|spec)\b/.test(spec));
      const dom = /(?<![.\w])(document|window)\s*\.|\bHTML\w*Element\b/.test(stripComments(f.text)) ? ['the DOM'] : [];
      return [...bad, ...dom].map((what) => `${f.path}: ${what}`);
    });
    expect(offenders).toEqual([]);
  });

  it('src/engine and src/spec never reach for document or window', () => {
    const offenders = files
      .filter((f) => /^(engine|spec)\//.test(f.path))
      .filter((f) => /(?<![.\w])(document|window)\s*\./.test(stripComments(f.text)))
      .map((f) => f.path);
    expect(offenders).toEqual([]);
  });

  it('the page uses the engine only through src/engine/index.ts', () => {
    const offenders = files
      .filter((f) => f.path.startsWith('page/'))
      .flatMap((f) => localTargets(f).filter((t) => t.startsWith('engine/') && t !== 'engine/index' && t !== 'engine').map((t) => `${f.path} -> ${t}`));
    expect(offenders).toEqual([]);
  });
});
