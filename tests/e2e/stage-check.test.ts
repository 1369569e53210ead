/**
 * `npm run stage-check -- --json` on a subset (the default page, the map preset, the rotation scene
 * at 1280x720): it opens each view, writes its screenshot and measures every field the issue names.
 * It checks the instrument, and that these views meet issue 22's bar: the default page with no
 * debug readout and its panel folded, every threshold met.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../harness/browser/server';

interface View {
  name: string;
  width: number;
  height: number;
  screenshot: string;
  washout: number;
  minTextPx: number | null;
  minContrast: number | null;
  minClusterSeparation: number | null;
  clustersOutOfFrame: number;
  clustersCovered: number;
  overlapsBetweenOverlays: number;
  missed: string[];
  debugReadout: boolean;
  panelCollapsed: boolean;
}

const out = mkdtempSync(join(tmpdir(), 'latentflow-stage-'));
let run: { status: number | null; stderr: string; views: View[] };

beforeAll(() => {
  const child = spawnSync(join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/stage-check.ts', '--json', '--views', 'default,preset:map,rotation', '--sizes', '1280x720', '--out', out, '--particles', '1024', '--frames', '6'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 400_000,
  });
  const lines = (child.stdout ?? '').trim().split('\n');
  run = { status: child.status, stderr: child.stderr ?? '', views: (JSON.parse(lines.at(-1) || '{"views":[]}') as { views: View[] }).views };
}, 420_000);

describe('npm run stage-check -- --json', () => {
  it('measures each view asked for at each size and writes its screenshot', () => {
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    expect(run.views.map((v) => `${v.name} ${v.width}x${v.height}`)).toEqual(['default 1280x720', 'preset:map 1280x720', 'rotation 1280x720']);
    for (const v of run.views) expect(existsSync(join(out, v.screenshot.split('/').at(-1)!))).toBe(true);
  });

  it('gives every figure the issue names, in range', () => {
    for (const v of run.views) {
      expect(v.washout).toBeGreaterThanOrEqual(0);
      expect(v.washout).toBeLessThan(1);
      expect(v.minTextPx!).toBeGreaterThan(0);
      expect(v.minContrast!).toBeGreaterThanOrEqual(1);
      expect(v.minContrast!).toBeLessThanOrEqual(21);
      // Ten class centres on both scenes: each is in frame or counted out of it.
      expect(v.minClusterSeparation).not.toBeNull();
      expect(v.clustersOutOfFrame).toBeGreaterThanOrEqual(0);
      expect(v.clustersOutOfFrame).toBeLessThanOrEqual(10);
      expect(v.clustersCovered).toBeGreaterThanOrEqual(0);
      expect(Array.isArray(v.missed)).toBe(true);
    }
  });

  it('meets the stage’s bar in each view: the default page folds its panel and shows no debug readout', () => {
    for (const v of run.views) expect({ view: v.name, missed: v.missed }).toEqual({ view: v.name, missed: [] });
    const home = run.views.find((v) => v.name === 'default')!;
    expect({ debugReadout: home.debugReadout, panelCollapsed: home.panelCollapsed }).toEqual({ debugReadout: false, panelCollapsed: true });
  });
});
