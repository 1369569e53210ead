/**
 * The digit name at each class centre, drawn in the scene as a sprite that keeps its size on
 * screen: it goes wherever the engine's group goes (a sketch's own scene, a recording) with no DOM.
 * White with a dark outline, not in the cluster's colour: it reads over any cluster and any glow
 * (a dark palette colour such as blue on a dark background would not).
 * The page swaps this layer for HTML labels (src/page/chrome/centroid-labels.ts), which stay crisp
 * at any zoom and can be read by screen readers.
 */
import * as THREE from 'three';
import type { FrameInfo, Layer } from './layer';

const GLYPH_PX = 64;
/** Height on screen as a share of the view's height (about 22 px on a 600 px tall view). */
const SCREEN_SHARE = 0.075;

function glyph(digit: number): THREE.CanvasTexture<OffscreenCanvas> {
  const canvas = new OffscreenCanvas(GLYPH_PX, GLYPH_PX);
  const ctx = canvas.getContext('2d')!;
  ctx.font = `700 ${GLYPH_PX * 0.8}px system-ui, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.lineWidth = GLYPH_PX * 0.12;
  ctx.strokeStyle = 'rgba(0, 0, 0, 0.85)';
  ctx.strokeText(String(digit), GLYPH_PX / 2, GLYPH_PX / 2);
  ctx.fillStyle = '#ffffff';
  ctx.fillText(String(digit), GLYPH_PX / 2, GLYPH_PX / 2);
  const texture = new THREE.CanvasTexture(canvas);
  texture.colorSpace = THREE.SRGBColorSpace;
  return texture;
}

/** `centres`: classes x 3 map positions (src/engine/layers/clusters.ts classCentres). */
export function createLabelSprites(centres: Float32Array): Layer {
  const group = new THREE.Group();
  group.name = 'labels';
  const sprites = Array.from({ length: centres.length / 3 }, (_, digit) => {
    const material = new THREE.SpriteMaterial({ map: glyph(digit), sizeAttenuation: false, depthTest: false, transparent: true });
    const sprite = new THREE.Sprite(material);
    sprite.position.set(centres[digit * 3]!, centres[digit * 3 + 1]!, centres[digit * 3 + 2]!);
    sprite.scale.setScalar(SCREEN_SHARE);
    group.add(sprite);
    return sprite;
  });
  return {
    name: 'labels',
    object: group,
    update(frame: FrameInfo) {
      group.visible = frame.params.clusters;
    },
    dispose() {
      for (const sprite of sprites) {
        sprite.material.map?.dispose();
        sprite.material.dispose();
      }
    },
  };
}
