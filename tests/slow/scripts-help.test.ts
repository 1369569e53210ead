/**
 * Every `npm run` script answers `--help` (issue 24): `npm run --silent NAME -- --help` exits 0 and
 * prints a usage text, two scripts at a time. For the repository's own tsx/node scripts the text
 * must name every flag the script's parseArgs declares (its source, and the scripts/ files it
 * imports), so a script that gains a flag without saying so fails here. Plain tools (vite, vitest,
 * tsc, typedoc) only have to exit 0 with their help. No browser; writes nothing.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const SCRIPTS = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const NAMES = Object.keys(SCRIPTS);
/** A help text is printed at once; anything slower is doing work (or waiting on a loaded machine). */
const TIMEOUT_MS = 60_000;
const AT_ONCE = 2;

interface Answer {
  status: number | null;
  stdout: string;
  stderr: string;
}

function askForHelp(name: string): Promise<Answer> {
  return new Promise((done, fail) => {
    // Its own process group, so a timeout ends npm and whatever it started.
    const child = spawn('npm', ['run', '--silent', name, '--', '--help'], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
      fail(new Error(`npm run ${name} -- --help still running after ${TIMEOUT_MS / 1000} s:\n${stdout}${stderr}`));
    }, TIMEOUT_MS);
    child.on('error', (e) => {
      clearTimeout(timer);
      fail(e);
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      done({ status, stdout, stderr });
    });
  });
}

/** At most AT_ONCE at a time: the tests run concurrently, each waiting here for a lane. */
let running = 0;
const lanes: (() => void)[] = [];
async function inLane<T>(work: () => Promise<T>): Promise<T> {
  if (running >= AT_ONCE) await new Promise<void>((free) => lanes.push(free));
  else running++;
  try {
    return await work();
  } finally {
    const next = lanes.shift();
    if (next) next();
    else running--;
  }
}

/** `tsx scripts/x.ts` or `node scripts/x.mjs`: the repository's own script, else null (a plain tool). */
function ownScript(command: string): string | null {
  const match = /^(?:tsx|node)\s+(scripts\/\S+\.(?:ts|mjs|js))(?:\s|$)/.exec(command.trim());
  return match === null ? null : join(ROOT, match[1]!);
}

/**
 * The file and the files under scripts/ it imports or runs (`new URL('../x.ts', import.meta.url)`),
 * one level: where its flags are parsed.
 */
function sources(entry: string): string[] {
  const text = readFileSync(entry, 'utf8');
  const imported = [...text.matchAll(/^import\s[^;]*?from\s+'(\.{1,2}\/[^']+)'|new URL\('(\.{1,2}\/[^']+)', import\.meta\.url\)/gm)]
    .map((m) => resolve(dirname(entry), (m[1] ?? m[2])!))
    .flatMap((file) => [file, `${file}.ts`].filter((f) => /\.(ts|mjs|js)$/.test(f) && existsSync(f)))
    .filter((file) => relative(join(ROOT, 'scripts'), file).split('/')[0] !== '..');
  return [entry, ...imported];
}

/** Flags a script parses: its parseArgs options (`name: { type: ...`), and help where it asks exitWithHelp/wantsHelp. */
function declaredFlags(entry: string): Set<string> {
  const flags = new Set<string>();
  for (const file of sources(entry)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:'([a-z][\w-]*)'|\b([a-z]\w*))\s*:\s*\{\s*type:\s*'(?:string|boolean)'/g)) flags.add(m[1] ?? m[2]!);
    if (/\b(?:exitWithHelp|wantsHelp)\(/.test(text)) flags.add('help');
  }
  return flags;
}

/** The `--flag`s a help text names. */
const namedFlags = (text: string) => new Set([...text.matchAll(/(?<![\w-])--([a-z][\w-]*)/g)].map((m) => m[1]!));

describe('npm run NAME -- --help', () => {
  it('has one entry per script: a stage before `&&` would run without the flags', () => {
    const staged = NAMES.filter((name) => /&&|\|\||;/.test(SCRIPTS[name]!));
    expect(staged, 'give each of these one entry that checks --help first (as scripts/build-lib.mjs does)').toEqual([]);
  });

  it.concurrent.for(NAMES)('%s prints its usage and exits 0', async (name, { expect }) => {
    const answer = await inLane(() => askForHelp(name));
    expect(answer.status, `${answer.stdout}${answer.stderr}`).toBe(0);
    expect(answer.stdout.trim().length, `no usage on stdout; stderr: ${answer.stderr}`).toBeGreaterThan(0);
    const entry = ownScript(SCRIPTS[name]!);
    if (entry === null) return;
    const declared = declaredFlags(entry);
    const named = namedFlags(answer.stdout);
    // At least one flag the source really parses, and none it parses left out (help may go unnamed).
    expect([...named].filter((f) => declared.has(f)), `${name} --help names none of ${[...declared].join(', ')}`).not.toEqual([]);
    expect([...declared].filter((f) => f !== 'help' && !named.has(f)), `flags ${name} parses but its --help leaves out`).toEqual([]);
  });
});
