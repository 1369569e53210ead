/**
 * A hash of what a canvas shows, for "same preset, same frames" checks. The canvas is copied into
 * a 2D canvas in the same task it was drawn in (a WebGL or WebGPU canvas is cleared once the task
 * ends), then its RGBA bytes are hashed: FNV-1a, twice with different seeds, as 16 hex digits.
 */
let scratch: CanvasRenderingContext2D | null = null;

export function hashBytes(bytes: Uint8ClampedArray | Uint8Array): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < bytes.length; i++) {
    a = Math.imul(a ^ bytes[i]!, 0x01000193);
    b = Math.imul(b ^ bytes[i]!, 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/** Call right after drawing, in the same task. */
export function hashCanvas(canvas: HTMLCanvasElement): string {
  const { width, height } = canvas;
  if (scratch === null) scratch = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
  if (scratch === null) throw new Error('no 2D canvas to read pixels through');
  scratch.canvas.width = width;
  scratch.canvas.height = height;
  scratch.clearRect(0, 0, width, height);
  scratch.drawImage(canvas, 0, 0);
  return hashBytes(scratch.getImageData(0, 0, width, height).data);
}
