/**
 * A controller's next / previous: in a talk (or the autopilot) the talk's steps; elsewhere the
 * presets of presets/index.json in order, each glided into as the panel's picker does. Presets
 * of another scene (the rotation scene) open a page no controller reaches, so stepping passes them.
 */
import { loadPreset, loadPresetIndex } from '../present/presets';

export interface StepTargets {
  /** The talk's steps, when the page shows one. */
  story: { next(): void; previous(): void } | null;
  /** Glides into preset `name` (presentation.choosePreset); false when it cannot load. */
  choose(name: string): Promise<boolean>;
  notice(text: string): void;
}

export class PresetStepper {
  private names: Promise<string[]> | null = null;
  /** Presses queue: a fast double press steps twice, in order. */
  private queue: Promise<void> = Promise.resolve();

  /** `current`: the preset the page opened on (?preset=), or null. */
  constructor(
    private current: string | null,
    private readonly targets: StepTargets,
  ) {}

  step(direction: 1 | -1): void {
    const { story } = this.targets;
    if (story !== null) {
      if (direction > 0) story.next();
      else story.previous();
      return;
    }
    this.queue = this.queue.then(() => this.stepPresets(direction));
  }

  private async stepPresets(direction: 1 | -1): Promise<void> {
    this.names ??= loadPresetIndex().then(({ index }) => index.presets);
    const names = await this.names;
    if (names.length === 0) {
      this.targets.notice('no presets to step through (presets/index.json lists none)');
      return;
    }
    const at = this.current === null ? (direction > 0 ? -1 : 0) : names.indexOf(this.current);
    for (let tries = 1; tries <= names.length; tries++) {
      const name = names[(((at + direction * tries) % names.length) + names.length) % names.length]!;
      const { preset } = await loadPreset(name);
      if (preset === null || preset.scene !== 'counting') continue;
      if (await this.targets.choose(name)) {
        this.current = name;
        return;
      }
    }
  }
}
