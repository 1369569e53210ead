/**
 * The recorder's view of the running page: the engine (canvas, render size, redraw) and the frame
 * loop (clock, frame listeners). While a recording holds the clock, a fresh fixed-step clock at
 * the recording's fps drives the frames, starting at time 0 (a preset's schedule plays from its
 * start), and the adaptive particle budget is off, since wall time must not change the frames.
 * The overlays to burn in come from the same engine: its camera, class centres and rollouts.
 */
import { Clock, type Engine, type FrameLoop } from '../../engine';
import type { AppState } from '../../spec/spec';
import type { CaptionText } from './overlay-layout';
import type { RecordHost } from './record-control';

interface Held {
  loop: FrameLoop;
  clock: Clock;
  adaptive: boolean;
}

/**
 * The story caption as the page shows it now, or null when it is hidden (t, h, or never shown).
 * The recorder has no handle on the Caption object (boot.ts builds it), so it reads the caption's
 * own element, whose text is set from the talk and the step, never from the clock.
 */
export function shownCaption(doc: Document): CaptionText | null {
  const figure = doc.querySelector<HTMLElement>('figure.caption');
  if (figure === null || figure.hidden || !figure.checkVisibility()) return null;
  const text = (selector: string) => figure.querySelector(selector)?.textContent?.trim() ?? '';
  const caption = { title: text('h2'), text: text('p'), step: text('.caption-step') };
  return caption.title === '' && caption.text === '' ? null : caption;
}

export function createAppRecordHost(app: () => Engine, loop: () => FrameLoop, state: AppState): RecordHost {
  let held: Held | null = null;
  // Centres are fixed for an engine's life; a lost GPU brings a new engine (and map).
  let centres: { app: Engine; centres: Float32Array } | null = null;
  return {
    canvas: () => app().canvas,
    renderSize: () => app().renderSize(),
    setRenderSize: (size) => app().setRenderSize(size),
    redraw: () => app().render(),
    maxRenderSide: () => app().maxRenderSide(),
    onDrawn: (listener) => loop().onFrame(() => listener()),
    holdClock(fps) {
      if (held !== null) return;
      const current = loop();
      held = { loop: current, clock: current.clock, adaptive: state.adaptive };
      state.adaptive = false;
      current.useClock(new Clock('fixed', fps));
    },
    releaseClock() {
      if (held === null) return;
      const { loop: heldLoop, clock, adaptive } = held;
      held = null;
      state.adaptive = adaptive;
      heldLoop.useClock(clock);
    },
    advance: (frames) => {
      if (held === null) return Promise.reject(new Error('the clock is not held for recording'));
      return loop().step(frames);
    },
    overlayScene() {
      const current = app();
      if (centres?.app !== current) centres = { app: current, centres: current.clusterCentres() };
      return {
        centres: centres.centres,
        camera: current.camera,
        labels: state.clusters,
        rollouts: current.rollouts.current(),
        caption: shownCaption(current.canvas.ownerDocument),
      };
    },
  };
}
