/**
 * The published shape: `npm run build:lib` gives an ES module and its declarations where
 * package.json's `exports` point, with three and tfjs left to the sketch; `npm run docs` writes
 * the API reference without a warning, and the committed docs/api is what it writes today.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const run = (script: string, ...args: string[]) => execFileSync('npm', ['run', '--silent', script, '--', ...args], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const docsOut = mkdtempSync(join(tmpdir(), 'latentflow-docs-'));

afterAll(() => rmSync(docsOut, { recursive: true, force: true }));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** The packages (bare imports) named by the declaration file `entry` and every one it imports, however deep. */
function packagesNamed(entry: string): string[] {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const queue = [entry];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/(?:from\s+|import\s*\(\s*)['"]([^'"]+)['"]/g)) {
      if (!spec!.startsWith('.')) {
        packages.add(spec!.split('/').slice(0, spec!.startsWith('@') ? 2 : 1).join('/'));
        continue;
      }
      const base = join(dirname(file), spec!);
      const found = [`${base}.d.ts`, join(base, 'index.d.ts')].find((f) => existsSync(f));
      if (found === undefined) throw new Error(`${relative(ROOT, file)} imports ${spec}, which has no declaration file`);
      queue.push(found);
    }
  }
  return [...packages].sort();
}

describe('the library build', () => {
  it('builds the ES module and its declarations where package.json exports them', () => {
    execFileSync('npm', ['run', '--silent', 'build:lib'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: { '.': { types: string; import: string } }; peerDependencies?: Record<string, string>; dependencies?: Record<string, string> };
    const { types, import: entry } = pkg.exports['.'];
    expect(existsSync(join(ROOT, entry))).toBe(true);
    expect(existsSync(join(ROOT, types))).toBe(true);
    const js = readFileSync(join(ROOT, entry), 'utf8');
    expect(js).toMatch(/export \{[^}]*createLatentFlow/);
    // A sketch's own three.js and tfjs serve the engine too: neither is bundled in.
    expect(js).toMatch(/from "three"/);
    expect(js).toMatch(/from "@tensorflow\/tfjs"/);
    const bundled = files(join(ROOT, 'dist')).filter((f) => f.endsWith('.js')).reduce((sum, f) => sum + statSync(f).size, 0);
    expect(bundled).toBeLessThan(1_000_000);
    const dts = files(join(ROOT, 'dist', 'types')).filter((f) => f.endsWith('.d.ts')).map((f) => readFileSync(f, 'utf8')).join('\n');
    // The entry names its small public set (issue 24) rather than passing the engine's door on whole.
    const entryTypes = readFileSync(join(ROOT, types), 'utf8');
    for (const name of ['createLatentFlow', 'flowParams', 'FlowParams', 'FlowStats', 'FlowEvents', 'LatentFlow', 'RolloutStart', 'Layer']) expect(entryTypes).toMatch(new RegExp(`\\b${name}\\b`));
    expect(entryTypes).not.toMatch(/export \* from/);
    for (const name of ['createLatentFlow', 'LatentFlowOptions', 'Layer', 'FlowParams', 'RolloutStart']) expect(dts).toContain(name);
    // A sketch type-checks against the declarations the entry reaches: each package they name
    // must be one the sketch installs (a peer or a dependency), not one of ours for development
    // (valibot is bundled into the module, umap-js is for training).
    const installed = Object.keys({ ...pkg.peerDependencies, ...pkg.dependencies });
    expect(packagesNamed(join(ROOT, types)).filter((name) => !installed.includes(name))).toEqual([]);
  }, 180_000);

  it('writes the API reference with no warning, and docs/api is up to date', () => {
    run('docs', '--out', docsOut);
    const made = files(docsOut).map((f) => relative(docsOut, f)).sort();
    const committed = files(join(ROOT, 'docs', 'api')).map((f) => relative(join(ROOT, 'docs', 'api'), f)).sort();
    expect(made).toContain('functions/createLatentFlow.md');
    expect(committed, 'docs/api is stale: run `npm run docs`').toEqual(made);
    for (const file of made) expect(readFileSync(join(ROOT, 'docs', 'api', file), 'utf8'), `docs/api/${file} is stale: run \`npm run docs\``).toBe(readFileSync(join(docsOut, file), 'utf8'));
  }, 180_000);
});
