/**
 * Keyboard: the conventions of creative-coding sketches. Arrow keys nudge u (Shift: to +-1),
 * space pauses, '.' steps one frame, r resets the camera, a / c / g / b toggle auto-rotate,
 * colour mode, ungrounded rollouts and bloom, h hides every overlay, f goes fullscreen, t shows
 * or hides the caption. In story mode the arrow keys and a presenter's clicker (PageDown /
 * PageUp) step through the talk instead of nudging u. Ctrl/Cmd combinations are left alone
 * (the recorder's Ctrl/Cmd+S and Ctrl/Cmd+Shift+S live in src/page/record/record-keys.ts).
 */
import type { AppState } from '../spec/spec';

export interface KeyActions {
  stepOnce(): void;
  resetCamera(): void;
  /** Hides or shows every overlay (h). */
  togglePanels(): void;
  fullscreen?(): void;
  toggleCaption?(): void;
  /** Story mode: the talk's steps (absent: arrows nudge u). */
  story?: { next(): void; previous(): void } | null;
}

const U_NUDGE = 0.25;

export function bindKeys(target: Window, state: AppState, actions: KeyActions): () => void {
  let lastBloom = state.bloom > 0 ? state.bloom : 0.9;
  const onKey = (event: KeyboardEvent) => {
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement) return;
    if (event.metaKey || event.ctrlKey || event.altKey) return;
    const story = actions.story;
    if (story) {
      if (event.key === 'ArrowRight' || event.key === 'PageDown') {
        story.next();
        event.preventDefault();
        return;
      }
      if (event.key === 'ArrowLeft' || event.key === 'PageUp') {
        story.previous();
        event.preventDefault();
        return;
      }
    }
    // Letters work with Caps Lock or Shift too (H hides the overlays, F is fullscreen).
    switch (event.key.length === 1 ? event.key.toLowerCase() : event.key) {
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
      case 'f':
        if (!actions.fullscreen) return;
        actions.fullscreen();
        break;
      case 't':
        if (!actions.toggleCaption) return;
        actions.toggleCaption();
        break;
      default:
        return;
    }
    event.preventDefault();
  };
  target.addEventListener('keydown', onKey);
  return () => target.removeEventListener('keydown', onKey);
}
