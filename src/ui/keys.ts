/**
 * Keyboard: the conventions of creative-coding sketches. Arrow keys nudge u (Shift: to +-1),
 * space pauses, '.' steps one frame, r resets the camera, a / c / g / b toggle auto-rotate,
 * colour mode, ungrounded rollouts and bloom, h hides the panels.
 */
import type { AppState } from '../app/state';

export interface KeyActions {
  stepOnce(): void;
  resetCamera(): void;
  togglePanels(): void;
}

const U_NUDGE = 0.25;

export function bindKeys(target: Window, state: AppState, actions: KeyActions): () => void {
  let lastBloom = state.bloom > 0 ? state.bloom : 0.9;
  const onKey = (event: KeyboardEvent) => {
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement) return;
    if (event.metaKey || event.ctrlKey || event.altKey) return;
    switch (event.key) {
      case 'ArrowRight':
        state.u = event.shiftKey ? 1 : Math.min(1, Math.round((state.u + U_NUDGE) * 100) / 100);
        break;
      case 'ArrowLeft':
        state.u = event.shiftKey ? -1 : Math.max(-1, Math.round((state.u - U_NUDGE) * 100) / 100);
        break;
      case ' ':
        state.paused = !state.paused;
        break;
      case '.':
        actions.stepOnce();
        break;
      case 'r':
        actions.resetCamera();
        break;
      case 'a':
        state.autoRotate = !state.autoRotate;
        break;
      case 'c':
        state.colour = state.colour === 'digit' ? 'speed' : 'digit';
        break;
      case 'g':
        state.ungrounded = !state.ungrounded;
        break;
      case 'b':
        if (state.bloom > 0) {
          lastBloom = state.bloom;
          state.bloom = 0;
        } else state.bloom = lastBloom;
        break;
      case 'h':
        actions.togglePanels();
        break;
      default:
        return;
    }
    event.preventDefault();
  };
  target.addEventListener('keydown', onKey);
  return () => target.removeEventListener('keydown', onKey);
}
