/**
 * A chart canvas sized by its CSS box (which scales with the screen: src/page/explore/explore.css)
 * and drawn at the device pixel ratio, with type at the panel's own size, so a chart stays sharp
 * and readable from the back of a room. The owner redraws when the box changes size.
 */

export interface ChartFrame {
  ctx: CanvasRenderingContext2D;
  /** The drawing area in CSS px (the context is scaled to it). */
  width: number;
  height: number;
  /** The panel's type size, CSS px. */
  fontPx: number;
}

/** Fits the backing store to the canvas's box; null while the canvas is not laid out (hidden). */
export function fitChart(canvas: HTMLCanvasElement): ChartFrame | null {
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  if (width === 0 || height === 0) return null;
  const scale = window.devicePixelRatio || 1;
  const [w, h] = [Math.round(width * scale), Math.round(height * scale)];
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return { ctx, width, height, fontPx: parseFloat(getComputedStyle(canvas).fontSize) || 16 };
}

/** Calls `redraw` whenever the canvas's box changes size; returns a function that stops. */
export function onChartResize(canvas: HTMLCanvasElement, redraw: () => void): () => void {
  const observer = new ResizeObserver(() => redraw());
  observer.observe(canvas);
  return () => observer.disconnect();
}
