/**
 * Keyboard: the conventions of creative-coding sketches. Arrow keys nudge u (Shift: to +-1);
 * the field table's keys (src/spec/fields.ts) toggle their fields: space pauses, a auto-rotates,
 * c cycles the colour mode, g shows ungrounded rollouts. '.' steps one frame, r resets the
 * camera, b toggles bloom (back to its last strength), h hides every overlay, f goes fullscreen,
 * t shows or hides the caption, d opens the draw pad, k the basins census, 0-9 steer to that
 * digit (again: stop). In story mode the arrow keys and a presenter's clicker (PageDown /
 * PageUp) step through the talk instead of nudging u, and the clicker's blank button (b or .)
 * blacks the screen out instead of toggling bloom or stepping a frame (src/page/perform/
 * clicker-keys.ts). Ctrl/Cmd combinations are left alone
 * (the recorder's Ctrl/Cmd+S and Ctrl/Cmd+Shift+S live in src/page/record/record-keys.ts).
 */
import { FIELDS, STATE_KEYS, type Field, type StateKey } from '../spec/fields';
import type { AppState } from '../spec/spec';
import { U_RANGE, roundU } from '../spec/u';
import { clickerAction } from './perform/clicker-keys';

/** The keys the field table gives: a boolean's key toggles it, a choice's key cycles it. */
const FIELD_KEYS = new Map<string, StateKey>(
  STATE_KEYS.flatMap((key) => {
    const field: Field = FIELDS[key];
    return field.key !== undefined && (field.kind === 'boolean' || field.kind === 'choice') ? [[field.key, key] as [string, StateKey]] : [];
  }),
);

function toggle(state: AppState, key: StateKey): void {
  const field: Field = FIELDS[key];
  const record = state as unknown as Record<StateKey, unknown>;
  if (field.kind === 'boolean') record[key] = !record[key];
  else if (field.kind === 'choice') record[key] = field.options[(field.options.indexOf(record[key] as string) + 1) % field.options.length];
}

export interface KeyActions {
  stepOnce(): void;
  resetCamera(): void;
  /** Hides or shows every overlay (h). */
  togglePanels(): void;
  fullscreen?(): void;
  toggleCaption?(): void;
  /** Opens or closes the draw pad (d). */
  togglePad?(): void;
  /** Turns the basins census on or off (k). */
  toggleCensus?(): void;
  /** Story mode: the talk's steps (absent: arrows nudge u). */
  story?: { next(): void; previous(): void } | null;
  /** Story mode: blacks the screen out or brings it back (a clicker's b or .). */
  blank?(): void;
}

const U_NUDGE = 0.25;

export function bindKeys(target: Window, state: AppState, actions: KeyActions): () => void {
  let lastBloom = state.bloom > 0 ? state.bloom : 0.9;
  const onKey = (event: KeyboardEvent) => {
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement) return;
    if (event.metaKey || event.ctrlKey || event.altKey) return;
    const story = actions.story;
    if (story) {
      const clicker = clickerAction(event.key);
      if (event.key === 'ArrowRight' || clicker === 'next') {
        story.next();
        event.preventDefault();
        return;
      }
      if (event.key === 'ArrowLeft' || clicker === 'previous') {
        story.previous();
        event.preventDefault();
        return;
      }
      if (clicker === 'blank' && actions.blank) {
        actions.blank();
        event.preventDefault();
        return;
      }
    }
    // Letters work with Caps Lock or Shift too (H hides the overlays, F is fullscreen).
    const pressed = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    const field = FIELD_KEYS.get(pressed);
    if (field !== undefined) {
      toggle(state, field);
      event.preventDefault();
      return;
    }
    if (/^[0-9]$/.test(pressed)) {
      // Steer to that digit; the same digit again stops steering (src/page/explore/steering.ts).
      const digit = Number(pressed);
      state.target = state.target === digit ? -1 : digit;
      event.preventDefault();
      return;
    }
    switch (pressed) {
      case 'ArrowRight':
        state.u = event.shiftKey ? U_RANGE[1] : roundU(state.u + U_NUDGE);
        break;
      case 'ArrowLeft':
        state.u = event.shiftKey ? U_RANGE[0] : roundU(state.u - U_NUDGE);
        break;
      case '.':
        actions.stepOnce();
        break;
      case 'r':
        actions.resetCamera();
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
      case 'd':
        if (!actions.togglePad) return;
        actions.togglePad();
        break;
      case 'k':
        if (!actions.toggleCensus) return;
        actions.toggleCensus();
        break;
      default:
        return;
    }
    event.preventDefault();
  };
  target.addEventListener('keydown', onKey);
  return () => target.removeEventListener('keydown', onKey);
}
