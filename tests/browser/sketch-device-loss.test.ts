/**
 * A lost GPU under an example sketch, not the page (issue 24): examples/custom-layer draws on its
 * own canvas through the engine's frame loop and has no recovery code. The GPU is taken away
 * (`flow.debug.loseDevice()`: WEBGL_lose_context, as a driver reset would), and the sketch must go
 * on by itself: the flow says 'recovered', frames continue on the same document, the particles
 * are alive, the sketch's own layer is on the new engine and keeps refreshing, and the canvas is
 * drawn. It also checks the sketch gets frame times with no code (the adaptive budget's input).
 */
import { describe, expect, it } from 'vitest';
import { openPage } from '../../harness/browser/chromium';
import { decodePng, isBlank, isUniform } from '../../harness/browser/pixels';
import { usePageSession } from '../../harness/browser/page-session';
import { appErrors } from '../../harness/browser/scene-harness';

const session = usePageSession();

/** What the example puts on window, as far as this test reads it. */
interface SketchWindow {
  sketch: {
    flow: {
      stats(): { backend: string; frame: number; time: number; particles: number; fps: number; nonFinite: number };
      on(event: string, listener: (value: unknown) => void): () => void;
      layers: { list(): { name?: string; object: unknown }[] };
      group: unknown;
      debug: { loseDevice(): void; particlePositions(): Promise<Float32Array> };
      sampleParticles(count: number): Promise<unknown>;
    };
    rings: { labels(): number[]; object: { parent: unknown } };
    frames(): number;
  };
  heard: { lost: unknown[]; restarted: unknown[]; recovered: { from: string; to: string; ms: number }[]; samples: number };
  sameDocument?: boolean;
}

describe('a lost GPU under an example sketch', () => {
  it('webgl: the custom-layer sketch recovers with no code of its own, its layer and all', async () => {
    const tab = await openPage(session.browser(), session.server().url('/examples/custom-layer/?backend=webgl'), { viewport: { width: 480, height: 360 } });
    try {
      await tab.page.waitForFunction(() => document.documentElement.dataset.ready === '1', undefined, { timeout: 150_000 }).catch((e: Error) => {
        throw new Error(`${e.message}\npage errors:\n${tab.errors.join('\n') || '(none)'}`);
      });
      const backend = await tab.page.evaluate(() => (window as unknown as SketchWindow).sketch.flow.stats().backend);
      expect(backend).toBe('webgl');
      // The rings read the decoded sample once before the loss.
      await tab.page.waitForFunction(() => (window as unknown as SketchWindow).sketch.rings.labels().length > 0, undefined, { timeout: 60_000 });
      const before = await tab.page.evaluate(() => {
        const w = window as unknown as SketchWindow;
        // The test listens; the sketch itself does not.
        w.heard = { lost: [], restarted: [], recovered: [], samples: 0 };
        for (const event of ['lost', 'restarted', 'recovered'] as const) w.sketch.flow.on(event, (value) => (w.heard[event] as unknown[]).push(value));
        // Counts the samples the rings layer reads (each refresh reads one), once they are back.
        const { flow } = w.sketch;
        const sample = flow.sampleParticles.bind(flow);
        flow.sampleParticles = (count) => sample(count).then((got) => (w.heard.samples++, got));
        w.sameDocument = true;
        const stats = w.sketch.flow.stats();
        w.sketch.flow.debug.loseDevice();
        return { frames: w.sketch.frames(), time: stats.time, fps: stats.fps, layers: w.sketch.flow.layers.list().map((l) => l.name) };
      });
      // The engine timed the sketch's frames itself: the adaptive budget has its input.
      expect(before.fps).toBeGreaterThan(0);
      expect(before.layers.at(-1)).toBe('decoded-rings');

      await tab.page.waitForFunction(() => (window as unknown as SketchWindow).heard.recovered.length > 0, undefined, { timeout: 120_000 });
      const heard = await tab.page.evaluate(() => (window as unknown as SketchWindow).heard);
      expect(heard.lost).toHaveLength(1);
      expect(heard.restarted).toHaveLength(1);
      expect(heard.recovered).toEqual([expect.objectContaining({ from: 'webgl', to: 'webgl' })]);
      console.log(`[sketch-device-loss] recovered in ${heard.recovered[0]!.ms} ms`);

      // Frames go on, on the same document (a reload would have lost the marker), on the new engine.
      await tab.page.waitForFunction((n) => (window as unknown as SketchWindow).sketch.frames() > n + 10, before.frames, { timeout: 60_000 });
      const after = await tab.page.evaluate(async () => {
        const w = window as unknown as SketchWindow;
        const { flow, rings } = w.sketch;
        const positions = await flow.debug.particlePositions();
        return {
          sameDocument: w.sameDocument === true,
          stats: flow.stats(),
          layers: flow.layers.list().map((l) => l.name),
          ringsOnNewGroup: rings.object.parent === flow.group && flow.layers.list().at(-1) === (rings as unknown),
          positions: { length: positions.length, finite: positions.every(Number.isFinite), spread: Math.max(...positions.filter((_, i) => i % 4 === 0)) - Math.min(...positions.filter((_, i) => i % 4 === 0)) },
        };
      });
      expect(after.sameDocument).toBe(true);
      expect(after.stats.backend).toBe('webgl');
      // The clock goes on through the restart: a layer scheduling by FrameInfo.time is not set back.
      expect(after.stats.time).toBeGreaterThan(before.time);
      expect(after.layers).toEqual(before.layers);
      expect(after.ringsOnNewGroup).toBe(true);
      // The particles are alive on the new device: every position finite, spread over the map.
      expect(after.stats.particles).toBeGreaterThan(0);
      // (The adaptive budget may move the count between two reads: no exact match with stats.)
      expect(after.positions.length).toBeGreaterThan(0);
      expect(after.positions.length % 4).toBe(0);
      expect(after.positions.finite).toBe(true);
      expect(after.positions.spread).toBeGreaterThan(0.1);
      // The sketch's layer works on the new engine: it samples, decodes and judges there again.
      const samples = await tab.page.evaluate(() => (window as unknown as SketchWindow).heard.samples);
      await tab.page.waitForFunction((n) => (window as unknown as SketchWindow).heard.samples > n + 1, samples, { timeout: 60_000 });
      expect(await tab.page.evaluate(() => (window as unknown as SketchWindow).sketch.rings.labels().length)).toBe(160);
      // The fresh canvas the flow put in the lost one's place is drawn.
      const image = decodePng(await tab.page.locator('canvas').screenshot());
      expect(isBlank(image)).toBe(false);
      expect(isUniform(image)).toBe(false);
      expect(await tab.page.locator('canvas').count()).toBe(1);
      expect(appErrors(tab.errors).filter((e) => !/context lost|device lost|Device was destroyed|destroyed/i.test(e))).toEqual([]);
    } finally {
      await tab.close();
    }
  }, 400_000);
});
