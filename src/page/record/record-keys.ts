/**
 * Recording keys, canvas-sketch's conventions: Ctrl/Cmd+S saves a PNG still, Ctrl/Cmd+Shift+S
 * starts and stops a video recording. src/page/keys.ts ignores keys with Ctrl/Cmd, so they never clash.
 */

export interface RecordKeyActions {
  toggleRecording(): void;
  saveStill(): void;
}

export type RecordKey = 'record' | 'still' | null;

/** Which recording action a key event asks for (Ctrl on Windows/Linux, Cmd on macOS). */
export function recordKeyOf(event: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): RecordKey {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return null;
  // `code` too: with Shift held, `key` is 'S', and on non-Latin layouts it is another letter.
  if (event.key.toLowerCase() !== 's' && event.code !== 'KeyS') return null;
  return event.shiftKey ? 'record' : 'still';
}

export function bindRecordKeys(target: Window, actions: RecordKeyActions): () => void {
  const onKey = (event: KeyboardEvent) => {
    const action = recordKeyOf(event);
    if (action === null) return;
    // Always stop the browser's "Save page as" dialog, even on a held-down repeat.
    event.preventDefault();
    if (event.repeat) return;
    if (action === 'record') actions.toggleRecording();
    else actions.saveStill();
  };
  target.addEventListener('keydown', onKey);
  return () => target.removeEventListener('keydown', onKey);
}
