/**
 * The stage check's measures (harness/stage-measure.ts) on made-up pages: contrast as WCAG
 * defines it, washed-out pixels, text against a plate, an outline or the bare scene, centres out
 * of frame or under an overlay, overlays on each other.
 */
import { describe, expect, it } from 'vitest';
import { contrast, missedThresholds, stageMetrics, washout, type DomMeasure, type TextSample } from '../../harness/stage-measure';
import type { RgbaImage } from '../../harness/browser/pixels';

function image(width: number, height: number, rgb: [number, number, number]): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([...rgb, 255], i * 4);
  return { width, height, data };
}

const text = (patch: Partial<TextSample>): TextSample => ({ text: 'u = 0.61', px: 30, box: { x: 10, y: 10, width: 60, height: 30 }, colour: [255, 255, 255, 1], plates: [], outline: null, panel: false, ...patch });

function page(patch: Partial<DomMeasure>): DomMeasure {
  return { width: 200, height: 100, texts: [], overlays: [], centres: [], panelCollapsed: false, debugReadout: false, ...patch };
}

describe('the stage check measures', () => {
  it('computes WCAG contrast: 21 for white on black, 1 for a colour on itself, 4.48 for #777 on white', () => {
    expect(contrast([255, 255, 255], [0, 0, 0])).toBeCloseTo(21, 5);
    expect(contrast([40, 90, 200], [40, 90, 200])).toBeCloseTo(1, 5);
    expect(contrast([0x77, 0x77, 0x77], [255, 255, 255])).toBeCloseTo(4.48, 2);
  });

  it('counts the share of pixels with every channel at 245 or above', () => {
    const img = image(10, 10, [10, 10, 10]);
    for (let i = 0; i < 7; i++) img.data.set([250, 246, 255, 255], i * 4);
    img.data.set([250, 240, 255, 255], 7 * 4);
    expect(washout(img)).toBeCloseTo(0.07, 10);
  });

  it('reads text against its plate laid over the scene, and a solid outline as its ground', () => {
    const bright = image(200, 100, [230, 230, 230]);
    const bare = stageMetrics(page({ texts: [text({})] }), bright, bright);
    expect(bare.minContrast!).toBeLessThan(1.3);
    const plated = stageMetrics(page({ texts: [text({ plates: [[11, 14, 24, 0.95]] })] }), bright, bright);
    expect(plated.minContrast!).toBeGreaterThan(10);
    const outlined = stageMetrics(page({ texts: [text({ outline: [0, 0, 0] })] }), bright, bright);
    expect(outlined.minContrast!).toBeCloseTo(21, 1);
    expect(missedThresholds(bare)).toContain('minContrast');
    expect(missedThresholds(plated)).not.toContain('minContrast');
  });

  it('takes the smallest stage text, leaving out the collapsed panel\'s own title', () => {
    const dark = image(200, 100, [0, 0, 0]);
    const texts = [text({ px: 30 }), text({ px: 11, text: 'Controls', panel: true }), text({ px: 2, text: 'tiny' })];
    const m = stageMetrics(page({ texts, panelCollapsed: true }), dark, dark);
    expect(m.minTextPx).toBe(2);
    expect(m.minTextSample).toBe('tiny');
    const collapsed = stageMetrics(page({ texts: texts.slice(0, 2), panelCollapsed: true }), dark, dark);
    expect(collapsed.minTextPx).toBe(30);
    expect(collapsed.minTextShare).toBeCloseTo(0.3, 5);
    const open = stageMetrics(page({ texts: texts.slice(0, 2), panelCollapsed: false }), dark, dark);
    expect(open.minTextPx).toBe(11);
  });

  it('finds centres out of frame, centres under an overlay, the closest pair and overlays on each other', () => {
    const dark = image(200, 100, [0, 0, 0]);
    const m = stageMetrics(
      page({
        centres: [
          { digit: 0, x: 20, y: 20, front: true },
          { digit: 1, x: 26, y: 28, front: true },
          { digit: 2, x: 150, y: 80, front: true },
          { digit: 3, x: 250, y: 50, front: true },
          { digit: 4, x: 100, y: 50, front: false },
        ],
        overlays: [
          { name: 'div.caption', box: { x: 140, y: 70, width: 40, height: 20 } },
          { name: 'div.hud', box: { x: 0, y: 0, width: 60, height: 10 } },
          { name: 'div.notices', box: { x: 50, y: 5, width: 30, height: 30 } },
        ],
      }),
      dark,
      dark,
    );
    expect(m.clustersOutOfFrame).toBe(2);
    expect(m.clustersCovered).toBe(1);
    expect(m.coveredBy).toEqual(['2 under div.caption']);
    expect(m.minClusterSeparation).toBeCloseTo(0.1, 5);
    expect(m.overlapPairs).toEqual(['div.hud / div.notices']);
    expect(missedThresholds(m)).toEqual(['clustersOutOfFrame', 'clustersCovered', 'overlapsBetweenOverlays']);
  });
});
