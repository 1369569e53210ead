/**
 * The last-resort path's position sink: tfjs runs on the CPU (wasm), so each frame's [N, 4]
 * positions are copied out of wasm memory and uploaded into a float texture with the same layout
 * and uniforms as the WebGL bridge, so the same GLSL draws both paths. One upload of 16 N bytes
 * per frame; no GPU readback exists on this path at all.
 */
import type * as tf from '@tensorflow/tfjs';
import * as THREE from 'three';
import { BYTES_PER_PARTICLE, FLOATS_PER_PARTICLE, checkParticleCount, emptyStats, positionTextureShape, type BridgeStats } from '../bridge-shared';

export interface TexturePositionUniforms {
  [name: string]: THREE.IUniform;
  uPositions: THREE.IUniform<THREE.Texture>;
  uPositionsWidth: THREE.IUniform<number>;
}

export class CpuPositionTexture {
  readonly texture: THREE.DataTexture;
  readonly count: number;
  readonly width: number;
  readonly height: number;
  private readonly data: Float32Array;
  private readonly stats: BridgeStats = emptyStats();

  constructor(count: number, maxTextureSize: number) {
    checkParticleCount('CpuPositionTexture', count);
    this.count = count;
    const shape = positionTextureShape(count, maxTextureSize);
    this.width = shape.width;
    this.height = shape.height;
    this.data = new Float32Array(this.width * this.height * FLOATS_PER_PARTICLE);
    this.texture = new THREE.DataTexture(this.data, this.width, this.height, THREE.RGBAFormat, THREE.FloatType);
    this.texture.minFilter = THREE.NearestFilter;
    this.texture.magFilter = THREE.NearestFilter;
    this.texture.name = 'cpu positions';
  }

  uniforms(): TexturePositionUniforms {
    return { uPositions: { value: this.texture }, uPositionsWidth: { value: this.width } };
  }

  push(tensor: tf.Tensor): void {
    const [rows, cols] = tensor.shape;
    if (rows !== this.count || cols !== FLOATS_PER_PARTICLE) {
      throw new Error(`CpuPositionTexture: expected [${this.count}, ${FLOATS_PER_PARTICLE}], got [${tensor.shape.join(', ')}]`);
    }
    this.data.set(tensor.dataSync() as Float32Array);
    this.texture.needsUpdate = true;
    this.stats.pushes++;
    this.stats.uploadBytes += this.count * BYTES_PER_PARTICLE;
  }

  getStats(): BridgeStats {
    return { ...this.stats };
  }

  dispose(): void {
    this.texture.dispose();
  }
}
