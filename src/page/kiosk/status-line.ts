/**
 * The kiosk's status line, behind the i key: how long the page has run, how often the engine was
 * restarted (by the watchdog, or after a lost GPU), memory (the JS heap where the browser tells
 * it, performance.memory in Chromium; live tfjs tensors), the frame rate, and the offline build.
 * One line of small text in a corner, for whoever looks after the installation.
 */

export interface KioskStatus {
  /** Seconds since the page started. */
  uptime: number;
  /** Engine restarts of any cause. */
  restarts: number;
  /** Of them, the watchdog's. */
  watchdog: number;
  /** Used JS heap, MB (null where the browser does not say). */
  heapMb: number | null;
  /** Live tfjs tensors (null while no engine runs). */
  tensors: number | null;
  /** Frames per second over the last reading. */
  fps: number;
  /** The build the service worker serves (null: none, e.g. the dev server). */
  build: string | null;
}

export function formatUptime(seconds: number): string {
  const s = Math.floor(seconds);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  return `${m} min ${String(s % 60).padStart(2, '0')} s`;
}

export function statusText(status: KioskStatus): string {
  return [
    `up ${formatUptime(status.uptime)}`,
    `restarts ${status.restarts} (watchdog ${status.watchdog})`,
    `heap ${status.heapMb === null ? 'n/a' : `${status.heapMb.toFixed(0)} MB`}`,
    `tensors ${status.tensors ?? 'n/a'}`,
    `${status.fps.toFixed(0)} fps`,
    `build ${status.build ?? 'none'}`,
  ].join(' \u00b7 ');
}

/** Chromium's non-standard performance.memory, where it exists. */
export function heapMb(): number | null {
  const memory = (performance as Performance & { memory?: { usedJSHeapSize?: number } }).memory;
  return typeof memory?.usedJSHeapSize === 'number' ? memory.usedJSHeapSize / 2 ** 20 : null;
}

export class StatusLine {
  readonly element: HTMLElement;

  constructor(parent: HTMLElement) {
    this.element = document.createElement('div');
    this.element.className = 'kiosk-status';
    this.element.setAttribute('role', 'status');
    this.element.hidden = true;
    parent.append(this.element);
  }

  get visible(): boolean {
    return !this.element.hidden;
  }

  set visible(on: boolean) {
    this.element.hidden = !on;
  }

  show(status: KioskStatus): void {
    this.element.textContent = statusText(status);
  }

  dispose(): void {
    this.element.remove();
  }
}
