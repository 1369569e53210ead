/**
 * PNG stills at up to 4x the canvas's pixel size: the scene is drawn once more at the larger size
 * (not upscaled), read into a PNG, and the canvas goes back to its own size.
 */
import { checkStillScale, type FrameSize } from './record-options';

export interface StillPlan {
  size: FrameSize;
  /** The scale actually used: lower than asked when the GPU's largest render target is smaller. */
  scale: number;
}

/** The still's pixel size for `scale`, shrunk (keeping the aspect) to fit the renderer's largest side. */
export function planStill(canvas: FrameSize, scale: number, maxSide: number): StillPlan {
  checkStillScale(scale);
  const fit = Math.min(scale, maxSide / canvas.width, maxSide / canvas.height);
  const used = Math.max(1, fit);
  return { size: { width: Math.round(canvas.width * used), height: Math.round(canvas.height * used) }, scale: used };
}

export interface StillHost {
  canvas(): HTMLCanvasElement;
  /** The size the canvas draws at when nothing overrides it (null: follow the window). */
  renderSize(): FrameSize | null;
  setRenderSize(size: FrameSize | null): void;
  /** Draws the scene again as it is, without advancing it. */
  redraw(): void;
  maxRenderSide(): number;
}

export interface Still {
  blob: Blob;
  size: FrameSize;
  scale: number;
}

function toPng(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob === null ? reject(new Error('the canvas could not be read as PNG')) : resolve(blob)), 'image/png');
  });
}

/**
 * `overlay` (optional) turns the freshly drawn scene canvas into the canvas to save, e.g. the scene
 * with its labels burned in (src/page/record/overlay-compositor.ts); it runs in the same task as the draw.
 */
export async function takeStill(host: StillHost, scale: number, overlay: ((scene: HTMLCanvasElement) => HTMLCanvasElement) | null = null): Promise<Still> {
  const canvas = host.canvas();
  const plan = planStill({ width: canvas.width, height: canvas.height }, scale, host.maxRenderSide());
  const previous = host.renderSize();
  let png: Promise<Blob>;
  try {
    host.setRenderSize(plan.size);
    host.redraw();
    // toBlob snapshots the drawing buffer when called: it must run in the same task as the draw,
    // before the browser composites and clears it.
    png = toPng(overlay === null ? canvas : overlay(canvas));
  } finally {
    host.setRenderSize(previous);
    host.redraw();
  }
  return { blob: await png, size: plan.size, scale: plan.scale };
}
