/**
 * Live input for a performer: MIDI controllers and gamepads drive u, step presets or the talk,
 * start rollouts and blank the screen; the panel's "perform" folder learns new mappings and keeps
 * them (localStorage). boot.ts installs it once per page; it outlives engine restarts, reaching
 * the running flow only when a rollout is started. Guide: docs/performing.md.
 */
import type GUI from 'lil-gui';
import type { LatentFlow } from '../../engine';
import type { AppState } from '../../spec/spec';
import { BlankScreen } from './blank-screen';
import { loadControls, saveControls } from './control-store';
import { GamepadInput } from './gamepad-input';
import { MidiInput, type ControlListener } from './midi-input';
import { PerformPanel } from './perform-panel';
import { Performer } from './performer';
import { PresetStepper } from './preset-stepper';

export interface PerformDeps {
  state: AppState;
  /** The panel (null on pages without one: the autopilot). */
  gui: GUI | null;
  /** The talk's steps, when the page shows one. */
  story: { next(): void; previous(): void } | null;
  /** The preset the page opened on (?preset=), or null. */
  preset: string | null;
  choosePreset(name: string): Promise<boolean>;
  /** The running flow; throws before it starts. */
  flow(): LatentFlow;
  /** The counting thresholds measured for this manifold (forward, and backward as |u|), where known. */
  thresholds(): { forward: number | null; backward: number | null };
  notice(text: string): void;
}

export interface Perform {
  /** Blacks the screen out, or brings it back (a clicker's b or .). */
  toggleBlank(): void;
}

/** Longest step the glide takes at once (after a stalled frame, a tab coming back). */
const MAX_TICK_SECONDS = 0.1;

export function installPerform(deps: PerformDeps): Perform {
  const { state, notice } = deps;
  const blank = new BlankScreen(document.body);
  const stepper = new PresetStepper(deps.preset, { story: deps.story, choose: (name) => deps.choosePreset(name), notice });
  let digit = 0;
  let warnedStorage = false;
  const performer = new Performer(
    state,
    loadControls(notice),
    {
      next: () => stepper.step(1),
      previous: () => stepper.step(-1),
      blank: () => blank.toggle(),
      rollout: () => {
        // Each press starts from the next digit in turn, at the u on screen.
        const cluster = digit;
        digit = (digit + 1) % 10;
        try {
          deps.flow().rollouts.start({ cluster, u: state.u, steps: state.rolloutSteps, ungrounded: state.ungrounded }).catch((e: unknown) => notice(`rollout from a ${cluster} did not start: ${e instanceof Error ? e.message : String(e)}`));
        } catch (e) {
          notice(`rollout from a ${cluster} did not start: ${e instanceof Error ? e.message : String(e)}`);
        }
      },
      detents: () => {
        const { forward, backward } = deps.thresholds();
        return [...(forward === null ? [] : [forward]), ...(backward === null ? [] : [-backward])];
      },
    },
    (set) => {
      if (saveControls(set) || warnedStorage) return;
      warnedStorage = true;
      notice('this browser keeps no local storage here: controller mappings last until the page reloads (export them to keep them)');
    },
  );

  let panel: PerformPanel | null = null;
  let running = false;
  let last = 0;
  const gamepad = new GamepadInput(
    (control, key, value) => performer.handle(control, key, value),
    () => {
      panel?.refresh();
      wake();
    },
  );
  const frame = (now: number) => {
    const seconds = Math.min(MAX_TICK_SECONDS, Math.max(0, (now - last) / 1000));
    last = now;
    gamepad.poll();
    performer.tick(seconds);
    running = performer.busy || gamepad.connected;
    if (running) requestAnimationFrame(frame);
  };
  function wake(): void {
    if (running) return;
    running = true;
    last = performance.now();
    requestAnimationFrame(frame);
  }
  const fromMidi: ControlListener = (control, key, value) => {
    performer.handle(control, key, value);
    wake();
  };
  const midi = new MidiInput(fromMidi, () => panel?.refresh());
  if (deps.gui !== null) panel = new PerformPanel(deps.gui, performer, midi, gamepad, notice);
  gamepad.start(window);
  void midi.connectIfAllowed();
  return { toggleBlank: () => blank.toggle() };
}
