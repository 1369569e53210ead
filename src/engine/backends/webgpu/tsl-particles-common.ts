/**
 * What the TSL particle layers (WebGPU path) share: how the packed w channel becomes a colour.
 * w = nearest digit + speed share (0..1), or -1 for a particle respawned this frame.
 */
import type { Node } from 'three/webgpu';
import { clamp, floor, fract, int, max, mix, smoothstep, uniform, uniformArray } from 'three/tsl';
import { paletteColours, rampColours } from '../../layers/palette';

/** One set of colour uniforms shared by heads and trails, so a mode switch reaches both. */
export function createTslColour() {
  const palette = uniformArray(paletteColours(), 'color');
  const ramp = uniformArray(rampColours(), 'color');
  const speedMode = uniform(0);
  const colourOf = (w: Node<'float'>): Node<'vec3'> => {
    // @types/three types uniformArray elements as an untyped node; they are colours.
    const at = (array: typeof palette, i: Node<'int'> | number) => array.element(i) as unknown as Node<'color'>;
    const wc = max(w, 0);
    const digit = at(palette, int(clamp(floor(wc), 0, 9)));
    const s = fract(wc);
    const speed = mix(mix(at(ramp, 0), at(ramp, 1), smoothstep(0, 0.5, s)), at(ramp, 2), smoothstep(0.5, 1, s));
    // @types/three types mix() of two colour nodes as a union of every vector type; it is a vec3.
    return mix(digit, speed, speedMode) as unknown as Node<'vec3'>;
  };
  return { speedMode, colourOf };
}

export type TslColour = ReturnType<typeof createTslColour>;
