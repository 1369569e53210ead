/**
 * The recording indicator: a red dot, the frame counter, the recorded (video) time and the wall
 * time spent so far. It is DOM over the canvas, so it never appears in a recorded frame.
 */
import './record-indicator.css';

export interface IndicatorReading {
  frames: number;
  fps: number;
  /** Wall-clock seconds since the recording started. */
  wallSeconds: number;
  /** e.g. "1920x1080 H.264". */
  label: string;
}

export function formatClock(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

export function indicatorText(r: IndicatorReading): string {
  const video = r.frames / r.fps;
  return `frame ${r.frames} \u00b7 ${video.toFixed(2)} s of video \u00b7 ${formatClock(r.wallSeconds)} elapsed \u00b7 ${r.label}`;
}

export class RecordIndicator {
  readonly element: HTMLElement;
  private readonly text: HTMLElement;

  constructor(parent: HTMLElement) {
    this.element = document.createElement('div');
    this.element.className = 'record-indicator';
    this.element.setAttribute('role', 'status');
    this.element.hidden = true;
    const dot = document.createElement('span');
    dot.className = 'dot';
    const rec = document.createElement('b');
    rec.textContent = 'REC';
    this.text = document.createElement('span');
    this.text.className = 'record-text';
    this.element.append(dot, rec, this.text);
    parent.append(this.element);
  }

  show(reading: IndicatorReading): void {
    this.text.textContent = indicatorText(reading);
    this.element.dataset.frames = String(reading.frames);
    this.element.hidden = false;
  }

  /** Shows a final line (saving...) without the counter changing. */
  status(text: string): void {
    this.text.textContent = text;
  }

  hide(): void {
    this.element.hidden = true;
  }
}
