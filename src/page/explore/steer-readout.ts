/**
 * What the steered rollout on show did, in words and numbers read off the rollout itself (its
 * judged digits and the u of each step), never from prose: where it started, the digits it
 * passed, how many steps it took to reach the target and at what u, and how many of the later
 * steps the judge still read as the target. Shown beside the path whenever one is on show.
 */
import type { RolloutSet } from '../../engine';
import { addCloseButton } from './close-button';
import { formatU } from '../../spec/u';

export interface SteerSummary {
  target: number;
  /** The judged digit of the start. */
  start: number;
  /** Judged digits from the start up to the first reading of the target (all of them if never). */
  path: number[];
  /** Steps to the first reading of the target; null if it never came. */
  reached: number | null;
  /** The u applied on the way there (each distinct value, in order of first use). */
  driveU: number[];
  /** Steps after the arrival, and how many of them were read as the target. */
  after: number;
  held: number;
}

/** The first track of a steered set, summarised; null for any other set. */
export function summariseSteering(set: RolloutSet | null): SteerSummary | null {
  const track = set?.tracks[0];
  if (set === null || set.target === null || track === undefined || track.labels === null) return null;
  const labels = Array.from(track.labels);
  const hit = labels.indexOf(set.target);
  const reached = hit < 0 ? null : hit;
  const end = reached ?? labels.length - 1;
  const later = reached === null ? [] : labels.slice(reached + 1);
  return {
    target: set.target,
    start: labels[0]!,
    path: labels.slice(0, end + 1),
    reached,
    driveU: [...new Set(Array.from(track.controls.subarray(0, end)))],
    after: later.length,
    held: later.filter((d) => d === set.target).length,
  };
}

/** u as people read it: +1, −0.5, 0 (two decimals at most, signed). */
export function signedU(u: number): string {
  return formatU(u, 'short');
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The readout's lines: a title, the digits passed, the arrival and the hold. */
export function steerLines(s: SteerSummary): { title: string; path: string; arrival: string; hold: string } {
  const shown = s.path.length > 8 ? [...s.path.slice(0, 7), '\u2026'] : s.path;
  const u = s.driveU.length === 0 ? '' : s.driveU.length === 1 ? ` at u = ${signedU(s.driveU[0]!)}` : ` at u from ${signedU(Math.min(...s.driveU))} to ${signedU(Math.max(...s.driveU))}`;
  return {
    title: `Steering ${s.start} \u2192 ${s.target}`,
    path: shown.join(' \u2192 '),
    arrival: s.reached === null ? `not read as ${s.target} in ${plural(s.path.length - 1, 'step')}` : s.reached === 0 ? `starts as ${s.target}` : `reached in ${plural(s.reached, 'step')}${u}`,
    hold: s.after === 0 ? '' : `then read as ${s.target} on ${s.held} of the next ${plural(s.after, 'step')}`,
  };
}

export class SteerReadout {
  readonly element: HTMLElement;
  private readonly title = document.createElement('h2');
  private readonly path = document.createElement('p');
  private readonly arrival = document.createElement('p');
  private readonly hold = document.createElement('p');

  /** `stop` is the panel's ×: it ends the steering. */
  constructor(parent: HTMLElement, stop: () => void) {
    this.element = document.createElement('section');
    this.element.className = 'explore-panel steer-readout';
    this.element.setAttribute('aria-label', 'steering');
    this.path.className = 'steer-path';
    this.hold.className = 'muted';
    this.element.append(this.title, this.path, this.arrival, this.hold);
    addCloseButton(this.element, 'steering', stop);
    this.element.hidden = true;
    parent.append(this.element);
  }

  /** Shows what the steered set did while the view steers to its target; anything else hides the readout. */
  show(set: RolloutSet | null, target: number): void {
    const summary = set !== null && set.target === target ? summariseSteering(set) : null;
    // Only real changes touch the DOM: the panel dock re-docks on every change of `hidden`.
    if (this.element.hidden !== (summary === null)) this.element.hidden = summary === null;
    if (summary === null) return;
    const lines = steerLines(summary);
    this.title.textContent = lines.title;
    this.path.textContent = lines.path;
    this.arrival.textContent = lines.arrival;
    this.hold.textContent = lines.hold;
    this.hold.hidden = lines.hold === '';
  }

  dispose(): void {
    this.element.remove();
  }
}
