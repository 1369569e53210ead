/**
 * The pointer over the scene: asks the engine what lies under it (its layers' pick hooks), rings
 * the digit found and shows its card; a click (not a drag) on a digit hands its index (and whether
 * Shift was held) to `onClick`.
 * Returns a function that detaches the listeners.
 */
import type { Engine } from '../engine';
import { HoverCard } from './chrome/hover-card';

export function attachHover(flow: Engine, overlay: HTMLElement, enabled: () => boolean, onClick: (index: number, shift: boolean) => void = () => undefined): () => void {
  const canvas = flow.canvas;
  const card = new HoverCard(overlay);
  const { images } = flow.map;
  const hide = () => {
    flow.highlight(-1);
    card.show(-1, images, 0, 0, 0);
  };
  const onMove = (event: PointerEvent) => {
    const rect = canvas.getBoundingClientRect();
    const x = event.clientX - rect.left;
    const y = event.clientY - rect.top;
    const hit = enabled() ? flow.pick(x, y, flow.camera, rect.width, rect.height) : null;
    if (hit === null || hit.layer !== 'clusters') return hide();
    flow.highlight(hit.index);
    card.show(hit.index, images, hit.label ?? 0, x, y);
  };
  // A click is a press and release within a few pixels: orbiting the camera is a drag.
  let down: { x: number; y: number } | null = null;
  const onDown = (event: PointerEvent) => (down = { x: event.clientX, y: event.clientY });
  const onUp = (event: PointerEvent) => {
    const start = down;
    down = null;
    if (start === null || Math.hypot(event.clientX - start.x, event.clientY - start.y) > 4 || !enabled()) return;
    const rect = canvas.getBoundingClientRect();
    const hit = flow.pick(event.clientX - rect.left, event.clientY - rect.top, flow.camera, rect.width, rect.height);
    if (hit !== null && hit.layer === 'clusters') onClick(hit.index, event.shiftKey);
  };
  canvas.addEventListener('pointermove', onMove);
  canvas.addEventListener('pointerleave', hide);
  canvas.addEventListener('pointerdown', onDown);
  canvas.addEventListener('pointerup', onUp);
  return () => {
    canvas.removeEventListener('pointermove', onMove);
    canvas.removeEventListener('pointerleave', hide);
    canvas.removeEventListener('pointerdown', onDown);
    canvas.removeEventListener('pointerup', onUp);
    card.element.remove();
  };
}
