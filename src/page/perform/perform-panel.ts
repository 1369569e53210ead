/**
 * The panel's "perform" folder: what is connected (or why nothing can be), a learn button per
 * target, the knob's detent, and the mappings' export, import and clear. Learn: click a target's
 * button, then move the control that should drive it (click again to cancel).
 */
import type GUI from 'lil-gui';
import type { Controller } from 'lil-gui';
import { fileName, saveBlob } from '../chrome/save-file';
import { TARGETS, describeControl, type Target } from './controls';
import { MAX_FILE_CHARS, parseControls, serialiseControls } from './control-file';
import type { GamepadInput } from './gamepad-input';
import type { MidiInput } from './midi-input';
import type { Performer } from './performer';

const LABELS = new Map(TARGETS.map((t) => [t.target, t.label]));

export class PerformPanel {
  private readonly status: HTMLElement;
  private readonly learnButtons = new Map<Target, Controller>();
  private readonly detent: { detent: boolean };
  private readonly detentControl: Controller;
  private readonly connect: Controller | null;
  private readonly file: HTMLInputElement;
  /** The last import's or save's outcome, shown under the status. */
  private message = '';

  constructor(
    gui: GUI,
    private readonly performer: Performer,
    private readonly midi: MidiInput,
    private readonly gamepad: GamepadInput,
    private readonly notice: (text: string) => void,
  ) {
    const folder = gui.addFolder('perform (MIDI, gamepad)');
    this.status = document.createElement('div');
    this.status.className = 'perform-status';
    this.status.setAttribute('role', 'status');
    folder.$children.prepend(this.status);
    this.connect = midi.available ? folder.add({ connect: () => void midi.connect() }, 'connect').name('connect MIDI') : null;
    this.detent = { detent: performer.controls.detent };
    this.detentControl = folder
      .add(this.detent, 'detent')
      .name('knob detent at the threshold')
      .onChange((on: boolean) => performer.use({ ...performer.controls, detent: on }));
    for (const { target, label } of TARGETS) {
      const button = folder.add({ learn: () => performer.learn(performer.learningTarget === target ? null : target) }, 'learn').name(`learn: ${label}`);
      this.learnButtons.set(target, button);
    }
    this.file = document.createElement('input');
    this.file.type = 'file';
    this.file.accept = '.json,application/json';
    this.file.className = 'perform-import';
    this.file.hidden = true;
    this.file.addEventListener('change', () => void this.importFile());
    folder.$children.append(this.file);
    folder.add({ save: () => this.exportFile() }, 'save').name('export mappings (JSON)');
    folder.add({ load: () => this.file.click() }, 'load').name('import mappings (JSON)');
    folder.add({ clear: () => this.clear() }, 'clear').name('clear mappings (back to the defaults)');
    folder.close();
    performer.onChange(() => this.refresh());
    this.refresh();
  }

  refresh(): void {
    const learning = this.performer.learningTarget;
    for (const [target, button] of this.learnButtons) {
      button.name(target === learning ? `learning ${LABELS.get(target)}: move a control (click: cancel)` : `learn: ${LABELS.get(target)}`);
    }
    const set = this.performer.controls;
    if (this.detent.detent !== set.detent) {
      this.detent.detent = set.detent;
      this.detentControl.updateDisplay();
    }
    if (this.midi.connected) this.connect?.hide();
    const mapped = set.mappings.length === 0 ? ['mappings: the defaults (docs/performing.md)'] : set.mappings.map((m) => `${describeControl(m.control)} → ${LABELS.get(m.target)}`);
    const lines = [this.midi.status, this.gamepad.status, ...(learning === null ? [] : [`learning ${LABELS.get(learning)}: move a knob, key, stick or button`]), ...mapped];
    if (this.message !== '') lines.push(this.message);
    this.status.textContent = lines.join('\n');
  }

  private exportFile(): void {
    saveBlob(new Blob([serialiseControls(this.performer.controls)], { type: 'application/json' }), fileName('controls', 'json'));
  }

  private async importFile(): Promise<void> {
    const file = this.file.files?.[0];
    this.file.value = '';
    if (file === undefined) return;
    const read = file.size > MAX_FILE_CHARS * 4 ? { error: `the file is ${file.size} bytes, far more than a mappings file` } : parseControls(await file.text());
    if ('error' in read) {
      this.message = `import of ${file.name.slice(0, 60)} refused: ${read.error}; your mappings are unchanged`;
      this.notice(this.message);
      this.refresh();
      return;
    }
    this.message = `imported ${read.set.mappings.length} mappings from ${file.name.slice(0, 60)}`;
    this.performer.use(read.set);
  }

  private clear(): void {
    this.message = '';
    this.performer.use({ detent: this.performer.controls.detent, mappings: [] });
  }
}
