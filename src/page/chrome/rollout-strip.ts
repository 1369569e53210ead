import { IMAGE_SIZE, PIXELS } from '../../model/dataset';
import type { RolloutSet, RolloutTrack } from '../../engine';

/** The track a strip shows (HUD and recordings alike): the grounded one starting at `prefer`, else the first grounded. */
export function stripTrack(set: RolloutSet | null, prefer = 3): RolloutTrack | null {
  const grounded = set?.tracks.filter((t) => t.mode === 'grounded') ?? [];
  return grounded.find((t) => t.labels?.[0] === prefer) ?? grounded[0] ?? null;
}

/** One frame of the strip: a decoded image and, when a judge is loaded, what digit it reads as. */
export interface StripCell {
  image: Float32Array;
  label: number | null;
  caption?: string;
}

/**
 * Draws a row of 28x28 digits, each scaled up without smoothing, with its judged label below.
 * Drawing is into one canvas so a screenshot test sees exactly what a person sees.
 */
export class RolloutStrip {
  readonly canvas: HTMLCanvasElement;
  private readonly scratch = new ImageData(IMAGE_SIZE, IMAGE_SIZE);
  private readonly tile: HTMLCanvasElement;

  constructor(private readonly cellSize = 84) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'rollout-strip';
    this.tile = document.createElement('canvas');
    this.tile.width = IMAGE_SIZE;
    this.tile.height = IMAGE_SIZE;
  }

  draw(cells: readonly StripCell[]): void {
    const gap = 8;
    const labelHeight = 22;
    this.canvas.width = Math.max(1, cells.length * (this.cellSize + gap) - gap);
    this.canvas.height = this.cellSize + labelHeight;
    const ctx = this.canvas.getContext('2d')!;
    const tileCtx = this.tile.getContext('2d')!;
    ctx.fillStyle = '#05060a';
    ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
    ctx.imageSmoothingEnabled = false;
    ctx.font = '600 15px system-ui, sans-serif';
    ctx.textAlign = 'center';
    cells.forEach((cell, i) => {
      if (cell.image.length !== PIXELS) throw new Error(`strip cell ${i} has ${cell.image.length} pixels, expected ${PIXELS}`);
      for (let p = 0; p < PIXELS; p++) {
        const v = Math.round(Math.min(1, Math.max(0, cell.image[p]!)) * 255);
        this.scratch.data[p * 4] = v;
        this.scratch.data[p * 4 + 1] = v;
        this.scratch.data[p * 4 + 2] = v;
        this.scratch.data[p * 4 + 3] = 255;
      }
      tileCtx.putImageData(this.scratch, 0, 0);
      const x = i * (this.cellSize + gap);
      ctx.drawImage(this.tile, x, 0, this.cellSize, this.cellSize);
      ctx.fillStyle = '#c9d4ff';
      const text = cell.caption ?? (cell.label === null ? '' : String(cell.label));
      ctx.fillText(text, x + this.cellSize / 2, this.cellSize + 17);
    });
  }
}
