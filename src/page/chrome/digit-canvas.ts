/** Paints a 28x28 digit (784 values in [0, 1]; null: blank) into a 28x28 canvas, white ink on black. */
import { IMAGE_SIZE, PIXELS } from '../../model/dataset';

export function paintDigit(canvas: HTMLCanvasElement, image: ArrayLike<number> | null): void {
  const ctx = canvas.getContext('2d')!;
  const data = ctx.createImageData(IMAGE_SIZE, IMAGE_SIZE);
  for (let p = 0; p < PIXELS; p++) {
    const v = Math.round(Math.min(1, Math.max(0, image?.[p] ?? 0)) * 255);
    data.data.set([v, v, v, 255], p * 4);
  }
  ctx.putImageData(data, 0, 0);
}
