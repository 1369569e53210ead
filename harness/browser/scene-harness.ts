/**
 * Opening the scene app in headless Chromium and talking to it through `window.latentflow`
 * (src/page/test-surface.ts), plus the measures the scene tests share.
 */
import type { Browser } from 'playwright-core';
import { openPage, type CollectedPage } from './chromium';
import type { TestServer } from './server';
import type { FlowStats as AppStats } from '../../src/engine';

/** What `latentflow.stats()` returns: the app's own type, so the tests cannot drift from it. */
export type SceneStats = AppStats;

export interface RolloutSummary {
  mode: 'grounded' | 'ungrounded';
  start: number;
  labels: number[];
}

export interface ScenePage {
  tab: CollectedPage;
  /** Evaluates `window.latentflow.<expression>` in the page. */
  call<T>(expression: string): Promise<T>;
  stats(): Promise<SceneStats>;
  close(): Promise<void>;
}

/** Opens `/?<query>` and waits until the first frame is drawn or the page reports an error. */
export async function openScene(
  browser: Browser,
  server: TestServer,
  query: string,
  viewport = { width: 480, height: 360 },
  timeoutMs = 150_000,
): Promise<ScenePage> {
  // SCENE_QUERY appends parameters to every scene page, e.g. assets=/other-bundle while developing.
  const extra = process.env.SCENE_QUERY ? `&${process.env.SCENE_QUERY}` : '';
  const tab = await openPage(browser, server.url(`/?${query}${extra}`), { viewport });
  await tab.page
    .waitForFunction(() => document.documentElement.dataset.ready === '1' || document.documentElement.dataset.error !== undefined, undefined, {
      timeout: timeoutMs,
    })
    .catch((e: Error) => {
      // Say what the page said: a timeout alone tells nothing about why it never started.
      throw new Error(`${e.message}\npage errors:\n${tab.errors.join('\n') || '(none)'}`);
    });
  const call = <T>(expression: string) => tab.page.evaluate(`window.latentflow.${expression}`) as Promise<T>;
  return { tab, call, stats: () => call<SceneStats>('stats()'), close: () => tab.close() };
}

/** Browser noise that says nothing about the app (the dev server has no favicon). */
export function appErrors(errors: readonly string[]): string[] {
  return errors.filter((e) => !/favicon\.ico/.test(e));
}

/** Share of steps in grounded rollouts that move to the next digit in counting order. */
export function countingShare(rollouts: readonly RolloutSummary[], direction: 1 | -1): number {
  let right = 0;
  let total = 0;
  for (const r of rollouts.filter((t) => t.mode === 'grounded')) {
    for (let k = 1; k < r.labels.length; k++) {
      total++;
      if (r.labels[k] === (((r.labels[k - 1]! + direction) % 10) + 10) % 10) right++;
    }
  }
  return total > 0 ? right / total : 0;
}
