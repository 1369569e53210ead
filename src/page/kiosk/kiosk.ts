/**
 * ?kiosk=1, a page left running in a gallery (docs/kiosk.md): fullscreen on the first touch, key
 * or click (browsers allow it only on input), no cursor, a slow drift of the camera and of the
 * title and caption so no pixel stays lit for hours, a watchdog that restarts the engine (not the
 * page) when frames stall for ?watchdog= seconds, and a status line behind the i key. boot.ts
 * makes one and wires each engine it runs to it; the page's state is boot's and stays put.
 */
import type { FlowStats } from '../../engine';
import { addDrift, type DriftTarget } from './drift-layer';
import { heapMb, StatusLine, statusText, type KioskStatus } from './status-line';
import { Watchdog, type WatchdogReading } from './watchdog';
import './kiosk.css';

/** What the kiosk asks of the page. */
export interface KioskHost {
  /** The page's frame clock: frames drawn (null while no engine draws) and whether they come unasked. */
  frames(): WatchdogReading;
  /** Restarts the engine (the flow's restart, as after a lost GPU). */
  restart(reason: string): void;
  /** The running engine's stats (null while none runs). */
  stats(): FlowStats | null;
  /** The offline build the service worker serves (null: none). */
  build(): string | null;
  /** Stops the frame loop dead, as a hung GPU would (the watchdog drill). */
  stopFrames(): void;
}

/** The frame loop, as far as the drift uses it. */
export interface DriftLoop {
  onFrame(listener: () => void): () => void;
  readonly clock: { readonly time: number };
}

/** window.latentflow.kiosk: for tests, and for whoever checks an installation from the console. */
export interface KioskApi {
  status(): KioskStatus;
  /** The status line's text (the same whether or not it is shown). */
  statusText(): string;
  /** Stops the frames as a hung GPU would; the watchdog should restart the engine within its limit. */
  stallFrames(): void;
}

/** The key that shows and hides the status line. */
export const STATUS_KEY = 'i';
const TICK_MS = 1000;
/** The title and caption sway by up to this many CSS pixels, over minutes. */
const CHROME_SWAY_PX = 10;
const FIRST_INPUTS = ['pointerdown', 'keydown', 'touchend'] as const;

function fullscreenOnFirstInput(): void {
  const go = () => {
    for (const type of FIRST_INPUTS) window.removeEventListener(type, go, true);
    // Refused without a user gesture, in an iframe without permission, or by the browser's policy.
    if (document.fullscreenElement === null) document.documentElement.requestFullscreen?.().catch(() => undefined);
  };
  for (const type of FIRST_INPUTS) window.addEventListener(type, go, true);
}

export class Kiosk {
  private readonly began = performance.now();
  private restarts = 0;
  private wired = 0;
  private readonly watchdog: Watchdog;
  private readonly line: StatusLine;
  private fps = 0;
  private last: { frame: number; at: number } | null = null;

  constructor(
    parent: HTMLElement,
    watchdogSeconds: number,
    private readonly host: KioskHost,
  ) {
    document.documentElement.classList.add('kiosk');
    fullscreenOnFirstInput();
    this.line = new StatusLine(parent);
    this.watchdog = new Watchdog(watchdogSeconds, (reason) => host.restart(reason), this.began);
    window.addEventListener('keydown', (event) => {
      if (event.metaKey || event.ctrlKey || event.altKey || event.target instanceof HTMLInputElement) return;
      if (event.key.toLowerCase() !== STATUS_KEY) return;
      this.line.visible = !this.line.visible;
      this.line.show(this.status());
      event.preventDefault();
    });
    setInterval(() => this.tick(), TICK_MS);
  }

  /**
   * Puts the camera drift on `engine`, drawn by `loop`; returns what takes it off again. The page
   * wires each engine it runs, so every engine after the first is a restart (watchdog or lost GPU).
   */
  wire(engine: DriftTarget, loop: DriftLoop): () => void {
    if (this.wired++ > 0) this.restarts++;
    const drift = addDrift(engine, () => loop.clock.time);
    const off = loop.onFrame(() => drift.takeOff());
    return () => {
      off();
      drift.remove();
    };
  }

  status(): KioskStatus {
    const stats = this.host.stats();
    return {
      uptime: (performance.now() - this.began) / 1000,
      restarts: this.restarts,
      watchdog: this.watchdog.restarts,
      heapMb: heapMb(),
      tensors: stats?.tensors ?? null,
      fps: this.fps,
      build: this.host.build(),
    };
  }

  readonly api: KioskApi = {
    status: () => this.status(),
    statusText: () => statusText(this.status()),
    stallFrames: () => this.host.stopFrames(),
  };

  private tick(): void {
    const now = performance.now();
    const reading = this.host.frames();
    if (reading.frame !== null) {
      if (this.last !== null && now > this.last.at) this.fps = Math.max(0, ((reading.frame - this.last.frame) * 1000) / (now - this.last.at));
      this.last = { frame: reading.frame, at: now };
    }
    this.watchdog.check(now, reading);
    const seconds = (now - this.began) / 1000;
    const style = document.documentElement.style;
    style.setProperty('--kiosk-dx', `${(CHROME_SWAY_PX * Math.sin((2 * Math.PI * seconds) / 397)).toFixed(1)}px`);
    style.setProperty('--kiosk-dy', `${(CHROME_SWAY_PX * Math.sin((2 * Math.PI * seconds) / 311)).toFixed(1)}px`);
    if (this.line.visible) this.line.show(this.status());
  }
}
