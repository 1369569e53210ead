/** The post chains' output step: tone mapping and sRGB set for their own draw only. */
import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { TONE_MAPPING, withOutputTransform } from '../../src/engine/backends/output-transform';

/** A sketch's renderer with settings of its own. */
function lentRenderer() {
  return { toneMapping: THREE.NoToneMapping as THREE.ToneMapping, outputColorSpace: THREE.LinearSRGBColorSpace as string };
}

describe('output transform', () => {
  it('tone-maps and encodes sRGB while the chain draws', () => {
    const renderer = lentRenderer();
    let seen: [THREE.ToneMapping, string] | null = null;
    withOutputTransform(renderer, () => (seen = [renderer.toneMapping, renderer.outputColorSpace]));
    expect(seen).toEqual([TONE_MAPPING, THREE.SRGBColorSpace]);
    expect(TONE_MAPPING).not.toBe(THREE.NoToneMapping);
  });

  it('gives a lent renderer its own settings back, even when the draw throws', () => {
    const renderer = lentRenderer();
    expect(() =>
      withOutputTransform(renderer, () => {
        throw new Error('context lost');
      }),
    ).toThrow('context lost');
    expect(renderer).toEqual(lentRenderer());
  });

  it('leaves an sRGB output colour space untouched (on WebGL its setter writes the shared context)', () => {
    let writes = 0;
    const renderer = {
      toneMapping: THREE.NoToneMapping as THREE.ToneMapping,
      get outputColorSpace(): string {
        return THREE.SRGBColorSpace;
      },
      set outputColorSpace(_space: string) {
        writes++;
      },
    };
    withOutputTransform(renderer, () => {});
    expect(writes).toBe(0);
  });
});
