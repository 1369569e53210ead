/**
 * The page under its Content-Security-Policy (index.html), on each path this browser has: it
 * starts, runs a long fixed-step stretch with rollouts, a census and a steered rollout, and the
 * rotation scene too, with no CSP violation and no request to any other origin.
 */
import { describe, expect, it } from 'vitest';
import { openPage } from '../../harness/browser/chromium';
import { usePageSession } from '../../harness/browser/page-session';
import { watchCsp } from '../../harness/browser/csp-watch';
import { appErrors } from '../../harness/browser/scene-harness';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../harness/browser/server';

const session = usePageSession();

describe('content security policy', () => {
  it('is set in index.html with no unsafe-eval and no remote origin', () => {
    const html = readFileSync(join(REPO_ROOT, 'index.html'), 'utf8');
    const policy = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(policy).toBeDefined();
    expect(policy).not.toMatch(/'unsafe-eval'/);
    expect(policy).not.toMatch(/https?:|\*/);
    expect(policy).toMatch(/script-src 'self' 'wasm-unsafe-eval'/);
    expect(policy).toMatch(/connect-src 'self'/);
  });

  // The long stretch on wasm; WebGL (SwiftShader here, minutes for the same) starts, draws and
  // opens the rotation scene. Every other browser test also runs under the policy, with any
  // violation a console error that fails it.
  it.each([
    ['wasm', true],
    ['webgl', false],
  ] as const)('the %s path runs under it (long stretch: %s), with no violation and no foreign request', async (backend, long) => {
    const tab = await openPage(session.browser(), undefined, { viewport: { width: 640, height: 480 } });
    const origin = new URL(session.server().url('/')).origin;
    const watch = await watchCsp(tab.page, origin);
    try {
      await tab.page.goto(session.server().url(`/?backend=${backend}&particles=512&fixedStep=1&bloom=0`));
      await tab.page.waitForFunction(() => document.documentElement.dataset.ready === '1' || document.documentElement.dataset.error !== undefined, undefined, { timeout: 120_000 });
      const api = <T>(e: string) => tab.page.evaluate(`window.latentflow.${e}`) as Promise<T>;
      expect((await api<{ backend: string }>('stats()')).backend).toBe(backend);
      await api('settleRollouts()');
      await api('step(30)');
      if (long) {
        await api('step(60)');
        await api('explorer.runCensus()');
        await tab.page.keyboard.press('3');
        await api('step(30)');
      }
      expect(await watch.violations()).toEqual([]);
      expect(watch.foreign()).toEqual([]);
      expect(watch.requests()).toBeGreaterThan(10);
      expect(appErrors(tab.errors)).toEqual([]);
      // The rotation scene, under the same policy.
      await tab.page.goto(session.server().url(`/?scene=rotation&backend=${backend}`));
      await tab.page.waitForFunction(() => document.documentElement.dataset.ready === '1', undefined, { timeout: 120_000 });
      await tab.page.evaluate('window.latentflow.rotation.set({ manifold: "plain-ae", degrees: -15 })');
      expect(await watch.violations()).toEqual([]);
      expect(watch.foreign()).toEqual([]);
      expect(appErrors(tab.errors)).toEqual([]);
    } finally {
      await tab.close();
    }
    // SwiftShader WebGL on a loaded 2-core machine: the stretch took 104-120 s in full runs.
  }, 300_000);
});
