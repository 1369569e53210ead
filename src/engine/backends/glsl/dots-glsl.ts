/**
 * Many fixed round dots (the map's digits) in one draw call, sized in world units. Two
 * implementations behind one signature, because point sizes differ: WebGL2 draws GL points of
 * any size; WebGPU only has 1-pixel points, so there the dots are instanced sprites.
 */
import * as THREE from 'three';
import type { DotsFactory, FrameInfo } from '../../layers/layer';


let discTexture: THREE.Texture | undefined;

/** A soft white disc, shared by every GL dots layer. */
function disc(): THREE.Texture {
  if (discTexture) return discTexture;
  // An OffscreenCanvas: the engine touches no DOM but its own canvas.
  const canvas = new OffscreenCanvas(32, 32);
  const ctx = canvas.getContext('2d')!;
  const g = ctx.createRadialGradient(16, 16, 0, 16, 16, 16);
  g.addColorStop(0, 'rgba(255,255,255,1)');
  g.addColorStop(0.6, 'rgba(255,255,255,0.9)');
  g.addColorStop(1, 'rgba(255,255,255,0)');
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, 32, 32);
  discTexture = new THREE.CanvasTexture(canvas);
  return discTexture;
}

/** WebGL2 (WebGLRenderer): GL points with size attenuation. */
export const createGlDots: DotsFactory = (options) => {
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute('position', new THREE.BufferAttribute(options.positions, 3));
  geometry.setAttribute('color', new THREE.BufferAttribute(options.colours, 3));
  const material = new THREE.PointsMaterial({
    size: options.size,
    sizeAttenuation: true,
    vertexColors: true,
    map: disc(),
    transparent: true,
    opacity: options.opacity,
    depthWrite: false,
  });
  const points = new THREE.Points(geometry, material);
  return {
    object: points,
    update(_frame: FrameInfo) {},
    dispose() {
      geometry.dispose();
      material.dispose();
    },
  };
};
