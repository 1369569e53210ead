/** Particle heads + trails drawn with GLSL from position textures: shared by the webgl and wasm paths. */
import { PositionHistory, type PositionSink } from '../position-history';
import { colourUniforms, type TextureSource } from './glsl-particles-common';
import { createParticlesGlsl } from './particles-glsl';
import { createTrailsGlsl } from './trails-glsl';
import { assembleParticleView, type ParticleView } from '../render-path';

export function createGlslParticleView<S extends PositionSink & TextureSource>(make: () => S, count: number, trail: number): ParticleView {
  const history = new PositionHistory(make, trail);
  const colour = colourUniforms();
  const layers = [createTrailsGlsl({ history, count, colour }), createParticlesGlsl({ head: history.head, count, colour })];
  return assembleParticleView(count, trail, layers, history, (on) => (colour.uSpeedMode!.value = on ? 1 : 0));
}
