/**
 * What the GLSL particle layers (WebGL2 and wasm paths) share: where positions come from (a
 * float texture, texel i = particle i) and how the packed w channel becomes a colour.
 * w = nearest digit + speed share (0..1), or -1 for a particle respawned this frame.
 */
import * as THREE from 'three';
import { paletteColours, rampColours } from '../../layers/palette';

/** A texture holding one particle per texel, row-major, `width` texels per row. */
export interface TextureSource {
  readonly texture: THREE.Texture;
  readonly width: number;
}

export const GLSL_FETCH = /* glsl */ `
vec4 fetchFrom(highp sampler2D s, int width, int i) {
  return texelFetch(s, ivec2(i % width, i / width), 0);
}
`;

export const GLSL_COLOUR = /* glsl */ `
uniform vec3 uPalette[10];
uniform vec3 uRamp[3];
uniform float uSpeedMode;
vec3 particleColour(float w) {
  float wc = max(w, 0.0);
  vec3 digit = uPalette[clamp(int(floor(wc)), 0, 9)];
  float s = fract(wc);
  vec3 speed = mix(mix(uRamp[0], uRamp[1], smoothstep(0.0, 0.5, s)), uRamp[2], smoothstep(0.5, 1.0, s));
  return mix(digit, speed, uSpeedMode);
}
bool hidden(vec4 p) {
  return p.w < 0.0 || any(isnan(p)) || any(isinf(p));
}
`;

/** Uniforms GLSL_COLOUR needs; share one object between layers so a mode switch reaches all. */
export function colourUniforms(): { [name: string]: THREE.IUniform } {
  return {
    uPalette: { value: paletteColours() },
    uRamp: { value: rampColours() },
    uSpeedMode: { value: 0 },
  };
}
