/**
 * Where tests and helpers live, read from the files themselves (docs/testing.md, "Tiers"):
 *  - every test file sits in one tier folder of tests/ (unit, slow, browser, e2e), the folders
 *    vitest.config.ts makes its projects of, so none is left out of `npm test` or runs twice;
 *  - scripts/ and tests/ share helpers through harness/, the one place both import: no file under
 *    scripts/ imports tests/, harness/ imports neither, and a file under tests/ reaches into
 *    scripts/ only as a test of that script's own code (a *.test.ts, never a helper or fixture);
 *  - the unit and slow tiers never start Chromium (they import nothing that opens a page).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TIERS } from '../../vitest.config';
import { SECONDS } from '../../harness/heavy-first';
import { importsOf } from '../../harness/import-graph';

const ROOT = join(import.meta.dirname, '..', '..');
const toPosix = (path: string) => path.split(sep).join('/');

/** Source files under a top-level folder, repository-relative. */
function filesUnder(folder: string, pattern = /\.(ts|mts|mjs|js)$/): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : walk(path);
      return pattern.test(entry.name) && !entry.name.endsWith('.d.ts') ? [toPosix(relative(ROOT, path))] : [];
    });
  return walk(join(ROOT, folder));
}

/** Each relative import of a file as the repository path it names (extension as written). */
function localImports(file: string): { spec: string; target: string }[] {
  return importsOf(readFileSync(join(ROOT, file), 'utf8'))
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => ({ spec, target: posix.normalize(posix.join(posix.dirname(file), spec)) }));
}

const top = (path: string) => path.split('/')[0]!;
const offenders = (files: string[], bad: (target: string) => boolean) =>
  files.flatMap((file) => localImports(file).filter(({ target }) => bad(target)).map(({ spec }) => `${file} -> ${spec}`));

const scripts = filesUnder('scripts');
const harness = filesUnder('harness');
const tests = filesUnder('tests');
const testFiles = tests.filter((f) => f.endsWith('.test.ts'));

describe('test tiers', () => {
  it('vitest.config.ts makes one project per tier folder', async () => {
    const config = (await import('../../vitest.config')).default as { test: { projects: { test: { name: string; include: string[] } }[] } };
    expect(config.test.projects.map((p) => [p.test.name, p.test.include])).toEqual(TIERS.map((tier) => [tier, [`tests/${tier}/**/*.test.ts`]]));
  });

  it('every test file sits in a tier folder, and each tier has tests', () => {
    expect(testFiles.length).toBeGreaterThan(60);
    expect(testFiles.filter((f) => !TIERS.some((tier) => f.startsWith(`tests/${tier}/`)))).toEqual([]);
    for (const tier of TIERS) expect(testFiles.some((f) => f.startsWith(`tests/${tier}/`)), tier).toBe(true);
  });

  it('tests/ holds tests and the browser pages they open, no helper modules (those go in harness/)', () => {
    expect(tests.filter((f) => !f.endsWith('.test.ts') && !/^tests\/[\w-]+\/fixtures\//.test(f))).toEqual([]);
  });

  it("the heavy-first sequencer's weights name test files that exist", () => {
    expect(Object.keys(SECONDS).length).toBeGreaterThan(10);
    expect(Object.keys(SECONDS).filter((file) => !existsSync(join(ROOT, file)))).toEqual([]);
  });

  it('no test file lives outside tests/', () => {
    const stray = ['src', 'scripts', 'harness', 'examples'].flatMap((folder) => filesUnder(folder, /\.test\.ts$/));
    expect(stray).toEqual([]);
  });

  it('the unit and slow tiers import nothing that opens Chromium', () => {
    const opensBrowser = /\b(launchChromium|openPage|openScene|usePageSession|defineSceneSuite|defineStressSuite|withStartedPage)\b/;
    const quiet = testFiles.filter((f) => /^tests\/(unit|slow)\//.test(f));
    const bad = quiet.flatMap((file) => {
      const text = readFileSync(join(ROOT, file), 'utf8');
      const named = [...text.matchAll(/^import\s+(?:type\s+)?\{([^}]*)\}\s+from/gm)].map((m) => m[1]!).join(',');
      return /from\s+['"]playwright-core['"]/.test(text) || opensBrowser.test(named) ? [file] : [];
    });
    expect(bad).toEqual([]);
  });
});

describe('import boundaries between scripts/, tests/ and harness/', () => {
  it('the import parser sees every folder', () => {
    expect(scripts.length).toBeGreaterThan(40);
    expect(harness.length).toBeGreaterThan(10);
    expect(offenders(scripts, (t) => top(t) === 'harness').length).toBeGreaterThan(5);
    expect(offenders(testFiles, (t) => top(t) === 'harness').length).toBeGreaterThan(30);
  });

  it('no file under scripts/ imports from tests/', () => {
    expect(offenders(scripts, (t) => top(t) === 'tests')).toEqual([]);
  });

  it('harness/ imports neither scripts/ nor tests/', () => {
    expect(offenders(harness, (t) => top(t) === 'scripts' || top(t) === 'tests')).toEqual([]);
  });

  it('src/ imports none of scripts/, tests/ or harness/', () => {
    expect(offenders(filesUnder('src'), (t) => ['scripts', 'tests', 'harness'].includes(top(t)))).toEqual([]);
  });

  it('only test files under tests/ reach into scripts/ (the script code they test), never a fixture', () => {
    expect(offenders(tests.filter((f) => !f.endsWith('.test.ts')), (t) => top(t) === 'scripts')).toEqual([]);
  });

  it('vitest.config.ts takes its helpers from harness/', () => {
    const targets = importsOf(readFileSync(join(ROOT, 'vitest.config.ts'), 'utf8')).filter((s) => s.startsWith('.'));
    expect(targets.filter((s) => !s.startsWith('./harness/'))).toEqual([]);
  });
});
