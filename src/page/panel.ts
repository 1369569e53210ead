/**
 * The lil-gui panel, made from the spec's field table (src/spec/fields.ts): each field with a
 * `panel` row gets a control in its folder with the table's range, step and label. Every control
 * writes straight into the view spec and reads it back each frame (listen), so keys and tests
 * that change the spec show up here too.
 */
import GUI from 'lil-gui';
import { FIELDS, PANEL_FOLDERS, STATE_KEYS, panelLabel, type Field, type PanelFolder, type StateKey } from '../spec/fields';
import type { AppState } from '../spec/spec';

export interface PanelActions {
  stepOnce(): void;
  resetCamera(): void;
}

/** Buttons after a folder's fields: what they do and their keys. */
const ACTIONS: Partial<Record<PanelFolder, [keyof PanelActions, string][]>> = {
  control: [['stepOnce', 'step one frame (.)']],
  view: [['resetCamera', 'reset camera (r)']],
};

function addField(gui: GUI, state: AppState, key: StateKey): void {
  const field: Field = FIELDS[key];
  const name = panelLabel(key);
  if (field.kind === 'number') gui.add(state, key, field.limits[0], field.limits[1], field.step).name(name).listen();
  else if (field.kind === 'choice') gui.add(state, key, [...field.options]).name(name).listen();
  else if (field.kind === 'boolean') gui.add(state, key).name(name).listen();
}

export function createPanel(state: AppState, actions: PanelActions, container?: HTMLElement): GUI {
  const gui = new GUI({ title: 'latentflow', container, width: 270 });
  for (const folder of PANEL_FOLDERS) {
    const target = folder === '' ? gui : gui.addFolder(folder);
    for (const key of STATE_KEYS) {
      const field: Field = FIELDS[key];
      if (field.panel?.folder === folder) addField(target, state, key);
    }
    for (const [action, label] of ACTIONS[folder] ?? []) target.add(actions, action).name(label);
  }
  // On a small screen the open panel would cover the scene: start it folded.
  if (window.innerWidth < 900) gui.close();
  return gui;
}
