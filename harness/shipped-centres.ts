/**
 * A shipped manifold's class centres as the page computes them (src/model/bundle.ts lays out the
 * map's digits, src/engine/layers/clusters.ts averages them): the training digits' map positions
 * then the held-out digits' projector positions, each averaged per label. Node only.
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { classCentres } from '../src/engine/layers/clusters';
import { resolveFrom } from '../src/model/manifest';
import { manifestFile, MODELS_DIR, readManifest } from '../src/model/node/shipped';
import type { ManifoldId } from '../src/model/recipes';

function floats(path: string, count: number): Float32Array {
  const bytes = readFileSync(path);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + count * 4));
}

/** Every digit's map position (n x 3) and label, training digits then held-out ones. */
export function shippedPoints(manifold: ManifoldId, modelsDir = MODELS_DIR): { points: Float32Array; labels: Int32Array } {
  const file = manifestFile(modelsDir, manifold);
  const manifest = readManifest(file);
  const at = (path: string) => resolveFrom(dirname(file), path);
  const { training, heldOut } = manifest.digits;
  const points = new Float32Array((training.count + heldOut.count) * 3);
  points.set(floats(at(manifest.map.positions), training.count * 3));
  points.set(floats(at(manifest.map.heldOutPositions), heldOut.count * 3), training.count * 3);
  return { points, labels: Int32Array.from([...training.labels, ...heldOut.labels]) };
}

export function shippedCentres(manifold: ManifoldId, modelsDir = MODELS_DIR): Float32Array {
  const { points, labels } = shippedPoints(manifold, modelsDir);
  return classCentres(points, labels);
}
