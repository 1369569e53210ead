/**
 * The recorder's view of the running page: the App (canvas, render size, redraw) and the frame
 * loop (clock, frame listeners). While a recording holds the clock, a fresh fixed-step clock at
 * the recording's fps drives the frames, starting at time 0 (a preset's schedule plays from its
 * start), and the adaptive particle budget is off, since wall time must not change the frames.
 */
import type { App } from '../app/app';
import { Clock } from '../app/clock';
import type { FrameLoop } from '../app/frame-loop';
import type { AppState } from '../app/state';
import type { RecordHost } from './record-control';

interface Held {
  loop: FrameLoop;
  clock: Clock;
  adaptive: boolean;
}

export function createAppRecordHost(app: () => App, loop: () => FrameLoop, state: AppState): RecordHost {
  let held: Held | null = null;
  return {
    canvas: () => app().canvas,
    renderSize: () => app().renderSize(),
    setRenderSize: (size) => app().setRenderSize(size),
    redraw: () => app().redraw(),
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
  };
}
