/**
 * Particle heads on the GLSL paths: one camera-facing soft disc per particle, instanced, its
 * centre fetched from the newest positions texture in the vertex shader.
 */
import * as THREE from 'three';
import { GLSL_COLOUR, GLSL_FETCH, type TextureSource } from './glsl-particles-common';
import type { FrameInfo, Layer } from '../../layers/layer';
import { densityScale } from '../../layers/palette';

const VERTEX = /* glsl */ `precision highp float;
precision highp int;
in vec3 position;
uniform mat4 modelViewMatrix;
uniform mat4 projectionMatrix;
uniform highp sampler2D uHead;
uniform int uWidth;
uniform float uSize;
${GLSL_FETCH}
${GLSL_COLOUR}
out vec3 vColour;
out vec2 vCorner;
void main() {
  vec4 p = fetchFrom(uHead, uWidth, gl_InstanceID);
  vColour = particleColour(p.w);
  vCorner = position.xy * 2.0;
  vec4 mv = modelViewMatrix * vec4(p.xyz, 1.0);
  mv.xy += position.xy * uSize;
  gl_Position = hidden(p) ? vec4(2.0, 2.0, 2.0, 1.0) : projectionMatrix * mv;
}`;

const FRAGMENT = /* glsl */ `precision highp float;
in vec3 vColour;
in vec2 vCorner;
uniform float uOpacity;
out vec4 fragColour;
void main() {
  float r2 = dot(vCorner, vCorner);
  if (r2 > 1.0) discard;
  fragColour = vec4(vColour, uOpacity * (1.0 - r2));
}`;

export interface GlslParticlesOptions {
  head: TextureSource;
  count: number;
  colour: { [name: string]: THREE.IUniform };
}

export function createParticlesGlsl(options: GlslParticlesOptions): Layer {
  const quad = new THREE.PlaneGeometry(1, 1);
  const geometry = new THREE.InstancedBufferGeometry();
  geometry.index = quad.index;
  geometry.setAttribute('position', quad.getAttribute('position'));
  geometry.instanceCount = options.count;
  const material = new THREE.RawShaderMaterial({
    glslVersion: THREE.GLSL3,
    uniforms: {
      ...options.colour,
      uHead: { value: options.head.texture },
      uWidth: { value: options.head.width },
      uSize: { value: 0.01 },
      uOpacity: { value: 0.7 },
    },
    vertexShader: VERTEX,
    fragmentShader: FRAGMENT,
    transparent: true,
    depthWrite: false,
    blending: THREE.AdditiveBlending,
    side: THREE.DoubleSide,
  });
  const mesh = new THREE.Mesh(geometry, material);
  mesh.frustumCulled = false;
  mesh.name = 'particles';
  return {
    object: mesh,
    update(frame: FrameInfo) {
      material.uniforms.uSize!.value = frame.params.particleSize;
      material.uniforms.uOpacity!.value = 0.6 * densityScale(options.count);
    },
    dispose() {
      quad.dispose();
      geometry.dispose();
      material.dispose();
    },
  };
}
