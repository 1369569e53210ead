/**
 * The README and the guides under docs/ link only inside the repository: every relative link or
 * image resolves to a file that exists (a `file.md#anchor` checks the file; a bare `#anchor` is not
 * checked), none climbs out of the repository root and none is an absolute file path. The README
 * stays a short front page (at most 12 KB) that links every guide in docs/.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..', '..');
const README_LIMIT = 12_288;

/** README.md and every Markdown file directly under docs/ (not the generated docs/api). */
const guides = readdirSync(join(ROOT, 'docs'))
  .filter((name) => name.endsWith('.md'))
  .sort()
  .map((name) => `docs/${name}`);
const files = ['README.md', ...guides];

interface Link {
  line: number;
  target: string;
}

/** Link and image targets of a Markdown text: inline, reference definitions and HTML src/href; code is skipped. */
function linkTargets(markdown: string): Link[] {
  const links: Link[] = [];
  let fence: string | null = null;
  markdown.split('\n').forEach((raw, i) => {
    const fenceMark = /^\s*(`{3,}|~{3,})/.exec(raw);
    if (fenceMark) {
      if (fence === null) fence = fenceMark[1]![0]!;
      else if (fenceMark[1]![0] === fence) fence = null;
      return;
    }
    if (fence !== null) return;
    const line = raw.replace(/(`+)[^`]*?\1/g, (m) => ' '.repeat(m.length)); // code spans
    const add = (target: string) => links.push({ line: i + 1, target: target.trim() });
    // [text](target "title") and ![alt](<target with spaces>)
    for (const m of line.matchAll(/\]\(\s*(<[^>]*>|[^\s)]+)(?:\s+("[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g)) {
      add(m[1]!.startsWith('<') ? m[1]!.slice(1, -1) : m[1]!);
    }
    // [label]: target
    const definition = /^\s{0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/.exec(line);
    if (definition) add(definition[1]!.startsWith('<') ? definition[1]!.slice(1, -1) : definition[1]!);
    // <img src="..."> and <a href="...">
    for (const m of line.matchAll(/<(?:img|a|source)\b[^>]*?\s(?:src|href)\s*=\s*("([^"]*)"|'([^']*)')/gi)) add(m[2] ?? m[3]!);
  });
  return links;
}

/** What is wrong with one link of `file` (a path from the repository root), or null. */
function problemWith(file: string, target: string, root = ROOT): string | null {
  if (target === '' || target.startsWith('#')) return null;
  if (/^file:/i.test(target)) return 'a file: URL';
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) && !/^[a-z]:[\\/]/i.test(target)) return null; // https:, mailto:
  const path = decodeURI(target.replace(/[?#].*$/, ''));
  if (path === '') return null;
  if (isAbsolute(path) || /^[a-z]:[\\/]/i.test(path) || path.startsWith('\\')) return 'an absolute path';
  const resolved = resolve(root, dirname(file), path);
  const inside = relative(root, resolved);
  if (inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return 'outside the repository';
  if (!existsSync(resolved)) return 'missing';
  if (!statSync(resolved).isFile()) return 'not a file';
  return null;
}

describe('links in the README and the guides', () => {
  it('reads links the way Markdown does', () => {
    const sample = [
      'A [guide](docs/a.md#part), an ![image](pic.png "title") and <img src="x.png">.',
      'In code: `[no](nothing.md)`.',
      '```',
      '[no](fenced.md)',
      '```',
      '[ref]: <docs/b c.md>',
    ].join('\n');
    expect(linkTargets(sample).map((l) => l.target)).toEqual(['docs/a.md#part', 'pic.png', 'x.png', 'docs/b c.md']);
  });

  it('tells a good link from a bad one', () => {
    expect(problemWith('README.md', 'docs/testing.md#what-they-cover')).toBeNull();
    expect(problemWith('docs/testing.md', '../README.md')).toBeNull();
    expect(problemWith('README.md', '#keys')).toBeNull();
    expect(problemWith('README.md', 'https://example.org/x')).toBeNull();
    expect(problemWith('README.md', '../shared/seeds/how-latent-dynamics-work.md')).toBe('outside the repository');
    expect(problemWith('docs/results.md', '../../elsewhere.md')).toBe('outside the repository');
    expect(problemWith('README.md', '/etc/hosts')).toBe('an absolute path');
    expect(problemWith('README.md', 'file:///etc/hosts')).toBe('a file: URL');
    expect(problemWith('docs/results.md', 'docs/screenshot.png')).toBe('missing');
    expect(problemWith('README.md', 'docs')).toBe('not a file');
  });

  it.each(files)('%s: every relative link and image resolves to a file in the repository', (file) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const bad = linkTargets(text)
      .map(({ line, target }) => ({ line, target, problem: problemWith(file, target) }))
      .filter((l) => l.problem !== null)
      .map((l) => `${file}:${l.line} ${l.target} (${l.problem})`);
    expect(bad).toEqual([]);
  });
});

describe('the README as a front page', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

  it(`is at most ${README_LIMIT} bytes`, () => {
    expect(Buffer.byteLength(readme, 'utf8')).toBeLessThanOrEqual(README_LIMIT);
  });

  it('links every guide in docs/', () => {
    expect(guides.length).toBeGreaterThan(0);
    const linked = new Set(
      linkTargets(readme)
        .map(({ target }) => target.replace(/[?#].*$/, ''))
        .filter((t) => t !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(t))
        .map((t) => relative(ROOT, resolve(ROOT, decodeURI(t))).split(sep).join('/')),
    );
    expect(guides.filter((g) => !linked.has(g))).toEqual([]);
  });
});
