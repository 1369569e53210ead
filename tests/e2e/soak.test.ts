/**
 * The short soak CI runs (`npm run soak` for longer ones): the gallery autopilot on the wasm path
 * for a minute and a half of wall time after its first frame, sampled with a forced GC; no page error, presets
 * change, and no watched series climbs in the judged second half. It runs as a gallery does, as
 * the kiosk (?kiosk=1: the camera drift on every frame, the status line shown), which is the
 * plain autopilot and more.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SOAK, runSoak } from '../../scripts/lib/soak-run';

describe('soak', () => {
  it('runs the autopilot as a kiosk with flat memory and no error', async () => {
    const result = await runSoak({ ...DEFAULT_SOAK, minutes: 1.5, path: 'wasm', particles: 512, kiosk: true });
    expect(result.errors).toEqual([]);
    expect(result.samples.length).toBeGreaterThanOrEqual(DEFAULT_SOAK.minSamples);
    expect(result.presetChanges).toBeGreaterThan(0);
    expect(result.samples.at(-1)!.frame - result.samples[0]!.frame).toBe((result.samples.length - 1) * DEFAULT_SOAK.framesPerSample);
    for (const [key, trend] of Object.entries(result.trends)) expect(trend.ok, `${key}: grew ${trend.growth} (allowed ${trend.allowed})`).toBe(true);
    expect(result.ok).toBe(true);
  }, 300_000);
});
