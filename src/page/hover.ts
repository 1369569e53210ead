/**
 * The pointer over the scene: asks the engine what lies under it (its layers' pick hooks), rings
 * the digit found and shows its card. Returns a function that detaches the listeners.
 */
import type { LatentFlow } from '../engine';
import { HoverCard } from './chrome/hover-card';

export function attachHover(flow: LatentFlow, overlay: HTMLElement, enabled: () => boolean): () => void {
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
  canvas.addEventListener('pointermove', onMove);
  canvas.addEventListener('pointerleave', hide);
  return () => {
    canvas.removeEventListener('pointermove', onMove);
    canvas.removeEventListener('pointerleave', hide);
    card.element.remove();
  };
}
