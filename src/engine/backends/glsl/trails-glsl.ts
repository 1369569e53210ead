/**
 * Trails on the GLSL paths: for each pair of consecutive history slots, one instanced line
 * segment per particle from the older to the newer position, fading with age. Slot pairs are
 * fixed per mesh; only their opacities change as the ring turns, so nothing is rebuilt per frame.
 */
import * as THREE from 'three';
import type { PositionHistory, PositionSink } from '../position-history';
import { GLSL_COLOUR, GLSL_FETCH, type TextureSource } from './glsl-particles-common';
import type { FrameInfo, Layer } from '../../layers/layer';
import { trailAlpha } from '../../layers/palette';

const VERTEX = /* glsl */ `precision highp float;
precision highp int;
in vec3 position;
uniform mat4 modelViewMatrix;
uniform mat4 projectionMatrix;
uniform highp sampler2D uOlder;
uniform highp sampler2D uNewer;
uniform int uWidth;
uniform float uAlphaOlder;
uniform float uAlphaNewer;
${GLSL_FETCH}
${GLSL_COLOUR}
out vec4 vColour;
void main() {
  vec4 a = fetchFrom(uOlder, uWidth, gl_InstanceID);
  vec4 b = fetchFrom(uNewer, uWidth, gl_InstanceID);
  vec4 p = mix(a, b, position.x);
  vColour = vec4(particleColour(b.w), mix(uAlphaOlder, uAlphaNewer, position.x));
  // A respawn (w < 0 at the newer end) would draw a jump across the map: drop the segment.
  gl_Position = hidden(b) || any(isnan(a)) ? vec4(2.0, 2.0, 2.0, 1.0) : projectionMatrix * modelViewMatrix * vec4(p.xyz, 1.0);
}`;

const FRAGMENT = /* glsl */ `precision highp float;
in vec4 vColour;
out vec4 fragColour;
void main() { fragColour = vColour; }`;

export interface GlslTrailsOptions<S extends PositionSink & TextureSource> {
  history: PositionHistory<S>;
  count: number;
  colour: { [name: string]: THREE.IUniform };
}


export function createTrailsGlsl<S extends PositionSink & TextureSource>(options: GlslTrailsOptions<S>): Layer {
  const { history } = options;
  const group = new THREE.Group();
  group.name = 'trails';
  const segment = new THREE.BufferGeometry();
  segment.setAttribute('position', new THREE.Float32BufferAttribute([0, 0, 0, 1, 0, 0], 3));
  const meshes = history.slots.map((older, i) => {
    const newer = history.slots[(i + 1) % history.length]!;
    const geometry = new THREE.InstancedBufferGeometry();
    geometry.setAttribute('position', segment.getAttribute('position'));
    geometry.instanceCount = options.count;
    const material = new THREE.RawShaderMaterial({
      glslVersion: THREE.GLSL3,
      uniforms: {
        ...options.colour,
        uOlder: { value: older.texture },
        uNewer: { value: newer.texture },
        uWidth: { value: older.width },
        uAlphaOlder: { value: 0 },
        uAlphaNewer: { value: 0 },
      },
      vertexShader: VERTEX,
      fragmentShader: FRAGMENT,
      transparent: true,
      depthWrite: false,
      blending: THREE.AdditiveBlending,
    });
    const line = new THREE.LineSegments(geometry, material);
    line.frustumCulled = false;
    group.add(line);
    return { line, material, geometry, olderSlot: i, newerSlot: (i + 1) % history.length };
  });
  return {
    object: group,
    update(_frame: FrameInfo) {
      for (const m of meshes) {
        const olderAge = history.age(m.olderSlot);
        const newerAge = history.age(m.newerSlot);
        // Only pairs where the "newer" slot really is one frame newer form a segment.
        const valid = Number.isFinite(olderAge) && newerAge === olderAge - 1;
        m.line.visible = valid;
        m.material.uniforms.uAlphaOlder!.value = valid ? trailAlpha(olderAge, history.length, options.count) : 0;
        m.material.uniforms.uAlphaNewer!.value = valid ? trailAlpha(newerAge, history.length, options.count) : 0;
      }
    },
    dispose() {
      segment.dispose();
      for (const m of meshes) {
        m.geometry.dispose();
        m.material.dispose();
      }
    },
  };
}
