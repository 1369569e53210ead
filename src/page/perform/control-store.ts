/**
 * The mappings and the "connect MIDI at start" choice in localStorage, so a performer's set-up
 * survives a reload. Storage can be missing or refused (a sandboxed frame, a full quota): then
 * the page works for this visit and says once that nothing is kept.
 */
import { EMPTY_SET, type ControlSet } from './controls';
import { parseControls, serialiseControls } from './control-file';

const SET_KEY = 'latentflow.controls';
const MIDI_KEY = 'latentflow.midi';

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** The saved set, or the empty one (with a notice when a saved set could not be read). */
export function loadControls(notice: (text: string) => void): ControlSet {
  let text: string | null = null;
  try {
    text = storage()?.getItem(SET_KEY) ?? null;
  } catch {
    return EMPTY_SET;
  }
  if (text === null) return EMPTY_SET;
  const read = parseControls(text);
  if ('set' in read) return read.set;
  notice(`the saved controller mappings could not be read (${read.error}); starting with the defaults until you learn or import new ones`);
  return EMPTY_SET;
}

/** Saves `set`; false when the browser keeps nothing. */
export function saveControls(set: ControlSet): boolean {
  try {
    const s = storage();
    if (s === null) return false;
    s.setItem(SET_KEY, serialiseControls(set));
    return true;
  } catch {
    return false;
  }
}

/** Whether MIDI was connected on an earlier visit (so this one connects without a click). */
export function midiWanted(): boolean {
  try {
    return storage()?.getItem(MIDI_KEY) === '1';
  } catch {
    return false;
  }
}

export function rememberMidi(): void {
  try {
    storage()?.setItem(MIDI_KEY, '1');
  } catch {
    // Nothing kept: the next visit asks for a click again, which is all this costs.
  }
}
