/**
 * The soak: the gallery autopilot (optionally as a kiosk, ?kiosk=1) in headless Chromium on the fixed-step clock, for a given wall
 * time, sampled every few seconds (after a forced garbage collection): tfjs tensors and bytes, the
 * JS heap, three.js's live geometries, textures and programs, frame time, NaN respawns and preset
 * changes. The verdict is src-free arithmetic in soak-trend.ts.
 */
import { appErrors } from '../../harness/browser/scene-harness';
import { withStartedPage } from './started-page';
import type { FlowStats } from '../../src/engine';
import { trends, type SoakSample, type Trend, type Watched } from './soak-trend';

export type SoakPath = 'wasm' | 'webgl' | 'webgpu';

export interface SoakOptions {
  minutes: number;
  path: SoakPath;
  particles: number;
  /** Fixed-step frames drawn between samples (30 frames = 1 s of the autopilot's clock). */
  framesPerSample: number;
  /** Clock seconds the autopilot shows each preset. */
  dwell: number;
  /** The soak runs on past its minutes until it has this many samples (a slow machine takes fewer a minute). */
  minSamples: number;
  /** ?kiosk=1, as a gallery runs it (src/page/kiosk/): the camera drift on every frame and the status line shown. */
  kiosk?: boolean;
  onSample?: (sample: SoakSample) => void;
}

export const DEFAULT_SOAK: Omit<SoakOptions, 'minutes' | 'path'> = { particles: 2048, framesPerSample: 30, dwell: 4, minSamples: 12 };

export interface SoakResult {
  settings: Omit<SoakOptions, 'onSample'> & { backend: string; device: string };
  samples: SoakSample[];
  trends: Record<Watched, Trend>;
  presetChanges: number;
  errors: string[];
  ok: boolean;
  seconds: number;
}

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const { onSample, ...settings } = options;
  const started = performance.now();
  const query = `autopilot=gallery&dwell=${settings.dwell}&fixedStep=1&frameRate=30&backend=${settings.path}&particles=${settings.particles}${settings.kiosk ? '&kiosk=1' : ''}`;
  return withStartedPage({ query, viewport: { width: 960, height: 540 }, timeoutS: 180 }, async (tab) => {
    const api = <T>(e: string) => tab.page.evaluate(`window.latentflow.${e}`) as Promise<T>;
    const cdp = await tab.page.context().newCDPSession(tab.page);
    const first = await api<FlowStats>('stats()');
    // The status line redraws each second only while it is shown: show it, so it is soaked too.
    if (settings.kiosk) await tab.page.keyboard.press('i');
    const samples: SoakSample[] = [];
    let presetChanges = 0;
    let lastPreset = -1;
    // The soak's minutes count from the first frame, not from the browser's start-up.
    const running = performance.now();
    while ((performance.now() - running) / 60_000 < settings.minutes || samples.length < settings.minSamples) {
      await api(`step(${settings.framesPerSample})`);
      await cdp.send('HeapProfiler.collectGarbage');
      const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
      const stats = await api<FlowStats>('stats()');
      const story = await api<{ index: number } | null>('story()');
      const preset = story?.index ?? -1;
      if (lastPreset !== -1 && preset !== lastPreset) presetChanges++;
      lastPreset = preset;
      const sample: SoakSample = {
        t: Math.round((performance.now() - running) / 100) / 10,
        frame: stats.frame,
        tensors: stats.tensors,
        tensorBytes: stats.tensorBytes,
        heap: usedSize,
        ...stats.gpuObjects,
        frameMs: Math.round(stats.frameMs * 10) / 10,
        respawned: stats.respawned,
        nonFinite: stats.nonFinite,
        preset,
      };
      samples.push(sample);
      onSample?.(sample);
    }
    const errors = appErrors(tab.errors);
    const judged = trends(samples);
    await tab.close();
    return {
      settings: { ...settings, backend: first.backend, device: first.device },
      samples,
      trends: judged,
      presetChanges,
      errors,
      ok: errors.length === 0 && Object.values(judged).every((t) => t.ok),
      seconds: Math.round((performance.now() - started) / 1000),
    };
  });
}
