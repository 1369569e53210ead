/**
 * The whole project typechecks (`tsc --noEmit`, strict): src, scripts, tests and examples. Run as a
 * test so it overlaps the others instead of holding up `npm test` before they start.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

it('typechecks with no error', () => {
  const tsc = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['--noEmit', '-p', 'tsconfig.json'], { cwd: ROOT, encoding: 'utf8' });
  expect(`${tsc.stdout}${tsc.stderr}`.trim()).toBe('');
  expect(tsc.status).toBe(0);
}, 300_000);
