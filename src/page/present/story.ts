/**
 * Story mode: a talk (an ordered list of presets) stepped through by a presenter. Each step lays
 * its preset over the default view (query parameters still win, and the particle count carries
 * over unless the preset sets one), then the camera glides and u ramps into it. The caption
 * shows the step's title and text. Autopilot (src/page/present/autopilot.ts) drives the same steps on a timer.
 */
import type { Caption } from '../chrome/caption';
import type { Director } from './director';
import { applyPreset } from './apply-preset';
import { needsOwnPage } from './scene-link';
import { loadPreset, loadTalk, type Preset, type Talk } from './presets';
import type { AppState } from '../../spec/spec';

export interface StoryDeps {
  state: AppState;
  /** The view fields the query gave (?bloom=0, ?particles=...): laid over every step. */
  patch: Partial<AppState>;
  director: Director;
  caption: Caption;
  notice(text: string): void;
  /**
   * Opens a step whose preset needs a page of its own (the rotation scene, another manifold), with
   * the talk and the step so that page can lead back. Without it (autopilot) such steps are skipped.
   */
  leave?(preset: Preset, talk: string, index: number): void;
  /** The manifold this page was asked for (?manifold=; null: the default). */
  manifold: string | null;
}

export interface StoryStatus {
  talk: string;
  title: string;
  /** Step shown now (-1 before the first). */
  index: number;
  count: number;
  preset: string | null;
  caption: string;
  captionVisible: boolean;
}

export class Story {
  private index = -1;

  private constructor(
    readonly talk: Talk,
    /** Each step's preset, or null where it failed to load (the step is skipped). */
    private readonly presets: (Preset | null)[],
    private readonly deps: StoryDeps,
  ) {}

  /** Loads the talk and all its presets; null (after notices) if the talk cannot be used. */
  static async load(name: string, deps: StoryDeps): Promise<Story | null> {
    const { talk, notices } = await loadTalk(name);
    notices.forEach((n) => deps.notice(n));
    if (talk === null) return null;
    const presets = await Promise.all(
      talk.steps.map(async (step) => {
        const loaded = await loadPreset(step.preset);
        loaded.notices.forEach((n) => deps.notice(loaded.preset === null ? n.replace(/; using the default view$/, '; its step is skipped') : n));
        return loaded.preset;
      }),
    );
    if (presets.every((p) => p === null)) {
      deps.notice(`talk ${name}: none of its presets loaded`);
      return null;
    }
    return new Story(talk, presets, deps);
  }

  get count(): number {
    return this.talk.steps.length;
  }

  get current(): number {
    return this.index;
  }

  /** Shows step `index` (wrapping); a step whose preset failed is skipped in the direction of travel. */
  go(index: number, direction: 1 | -1 = 1): boolean {
    for (let tries = 0; tries < this.count; tries++) {
      const i = (((index + tries * direction) % this.count) + this.count) % this.count;
      const preset = this.presets[i];
      if (preset !== null && preset !== undefined && this.show(i, preset)) return true;
    }
    return false;
  }

  next(): boolean {
    return this.go(this.index + 1, 1);
  }

  previous(): boolean {
    return this.go(this.index - 1, -1);
  }

  /** Replaces a step's preset (autopilot retries failed loads). */
  replace(index: number, preset: Preset): void {
    this.presets[index] = preset;
  }

  failed(): number[] {
    return this.presets.flatMap((p, i) => (p === null ? [i] : []));
  }

  private show(index: number, preset: Preset): boolean {
    const step = this.talk.steps[index]!;
    if (needsOwnPage(preset, this.deps.manifold, true)) {
      if (this.deps.leave === undefined) return false;
      this.deps.leave(preset, this.talk.name, index);
      return true;
    }
    const notices = applyPreset(preset, this.deps, this.index === -1 ? 0 : step.transition);
    // Field notices once per preset, not on every visit.
    if (!this.warned.has(preset.name)) notices.forEach((n) => this.deps.notice(n));
    this.warned.add(preset.name);
    this.index = index;
    this.deps.caption.show(preset.title, step.caption ?? preset.caption, index, this.count);
    return true;
  }

  private readonly warned = new Set<string>();

  status(): StoryStatus {
    const step = this.talk.steps[this.index];
    const preset = this.index >= 0 ? (this.presets[this.index] ?? null) : null;
    return {
      talk: this.talk.name,
      title: this.talk.title,
      index: this.index,
      count: this.count,
      preset: preset?.name ?? null,
      caption: step ? (step.caption ?? preset?.caption ?? '') : '',
      captionVisible: this.deps.caption.visible,
    };
  }
}
