/**
 * How the view is driven, apart from start-up plumbing: the director plays schedules and camera
 * paths every frame; story mode (?talk=) or autopilot (?autopilot) step through presets; otherwise
 * the URL hash follows the view. boot.ts asks this module for its frame hooks and key actions.
 */
import { Clock } from '../../engine';
import { Caption } from '../chrome/caption';
import { HashSync } from './hash-sync';
import { applyPreset } from './apply-preset';
import { Autopilot } from './autopilot';
import { Director, type CameraRig } from './director';
import { DEFAULT_TRANSITION, loadPreset, type Preset } from './presets';
import { needsOwnPage, sceneLink } from './scene-link';
import type { StartView } from './start-view';
import { Story, type StoryStatus } from './story';
import type { AppState } from '../../spec/spec';

export interface Presentation {
  clock: Clock;
  director: Director;
  story: Story | null;
  caption: Caption;
  /** Before each frame, with the clock's time. */
  beforeFrame(camera: CameraRig, time: number): void;
  /** A few times a second (live), after each step(n) (fixed). */
  slowTick(camera: CameraRig): void;
  storyStatus(): StoryStatus | null;
  /** Glides into preset `name` (the panel's picker); false, after a notice, if it cannot load. */
  choosePreset(name: string): Promise<boolean>;
}

export async function createPresentation(
  view: StartView,
  patch: Partial<AppState>,
  overlay: HTMLElement,
  notice: (text: string) => void,
): Promise<Presentation> {
  const { state, launch } = view;
  const clock = new Clock(launch.fixedStep ? 'fixed' : 'live', launch.frameRate);
  const director = new Director(state);
  const caption = new Caption(overlay);
  const talkName = launch.talk ?? launch.autopilot;
  const inTalk = launch.talk !== null && launch.autopilot === null;
  // An embed skips such steps: leaving would take the parent's frame off the page it drives.
  const leave = inTalk && !launch.embed ? (preset: Preset, talk: string, index: number) => location.assign(sceneLink(preset, talk, index)) : undefined;
  const story = talkName !== null ? await Story.load(talkName, { state, patch, director, caption, notice, leave, manifold: launch.manifold }) : null;
  const autopilot = story !== null && launch.autopilot !== null && launch.talk === null ? new Autopilot(story, state, launch.dwell, notice) : null;
  if (story !== null && autopilot === null) {
    if (launch.step >= story.count) notice(`talk ${story.talk.name} has ${story.count} steps; starting at step 1`);
    story.go(launch.step < story.count ? launch.step : 0);
    caption.visible = true;
  } else if (view.preset !== null) {
    caption.show(view.preset.title, view.preset.caption, 0, 1);
    caption.visible = true;
  }
  if (autopilot !== null) caption.visible = true;
  // The hash describes one view; a talk or the autopilot changes it on its own, so neither writes it.
  const hash = story === null ? new HashSync(state, view.base) : null;
  return {
    clock,
    director,
    story,
    caption,
    beforeFrame(camera, time) {
      autopilot?.beforeFrame(time);
      director.beforeFrame(time, camera);
    },
    slowTick(camera) {
      director.syncCamera(camera);
      hash?.tick();
    },
    storyStatus: () => story?.status() ?? null,
    async choosePreset(name) {
      const { preset, notices } = await loadPreset(name);
      notices.forEach((n) => notice(n.replace(/; using the default view$/, '; the view is unchanged')));
      if (preset === null) return false;
      if (needsOwnPage(preset, launch.manifold, false)) {
        location.assign(sceneLink(preset));
        return true;
      }
      applyPreset(preset, { state, patch, director }, DEFAULT_TRANSITION).forEach(notice);
      caption.show(preset.title, preset.caption, 0, 1);
      caption.visible = true;
      return true;
    },
  };
}

