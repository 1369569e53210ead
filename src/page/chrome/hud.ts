/**
 * The heads-up display: which GPU path runs, how many particles, how fast, what crosses the
 * GPU/CPU boundary, and what the rollouts read as (judged digits) with the strip of one of them.
 * It only reads a snapshot the app hands it; it never reaches into the scene.
 */
import type { RolloutSet } from '../../engine';
import { RolloutStrip, stripTrack } from './rollout-strip';
import { digitImage, PIXELS } from '../../model/dataset';
import { formatU } from '../../spec/u';

export interface HudSnapshot {
  backend: string;
  device: string;
  particles: number;
  fps: number;
  frameMs: number;
  frame: number;
  u: number;
  readbackBytesLastFrame: number;
  uploadBytesLastFrame: number;
  tensors: number;
  respawned: number;
  nonFinite: number;
  adaptive: boolean;
  /** The manifold on screen: its recipe, the seed shipped (null: not named), and what trained it. */
  manifold: { recipe: string; seed: number | null; signal: string };
  /** The latent size d. */
  latentDim: number;
}

const ARROW = '\u2192';

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 2 ** 20) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 2 ** 20).toFixed(1)} MiB`;
}

/** "3 -> 4 -> 5 -> 6" from judged labels ("?" where there is no judge). */
export function sequenceText(labels: Int32Array | null, steps: number): string {
  return labels ? [...labels].join(` ${ARROW} `) : Array.from({ length: steps + 1 }, () => '?').join(` ${ARROW} `);
}

/** The u of each step, short: +1 -1 0 +0.2. */
export function controlsText(controls: Float32Array): string {
  return Array.from(controls, (u) => formatU(u, 'short')).join(' ');
}

export class Hud {
  readonly element: HTMLElement;
  private readonly stats: HTMLElement;
  private readonly signal: HTMLElement;
  private readonly sequences: HTMLElement;
  private readonly strip = new RolloutStrip(40);
  private readonly stripCaption: HTMLElement;
  private readonly legend: HTMLElement;

  constructor(parent: HTMLElement) {
    this.element = document.createElement('section');
    this.element.className = 'hud';
    this.element.setAttribute('aria-label', 'status');
    this.stats = document.createElement('div');
    this.stats.className = 'hud-stats';
    this.stats.id = 'status';
    this.signal = document.createElement('p');
    this.signal.className = 'hud-signal';
    this.sequences = document.createElement('ol');
    this.sequences.className = 'sequences';
    this.stripCaption = document.createElement('p');
    this.stripCaption.className = 'strip-caption';
    this.legend = document.createElement('p');
    this.legend.className = 'rollout-legend';
    this.legend.innerHTML = '<span class="solid"></span> grounded E(D(z+f)) <span class="dashed"></span> ungrounded z+f';
    this.element.append(this.stats, this.signal, this.stripCaption, this.strip.canvas, this.legend, this.sequences);
    this.showRollouts(null);
    parent.append(this.element);
  }

  /** The rollout parts take no room until there is something in them. */
  private showRolloutParts(list: boolean, strip: boolean, legend = false): void {
    this.sequences.hidden = !list;
    this.legend.hidden = !legend;
    this.stripCaption.hidden = !strip;
    this.strip.canvas.hidden = !strip;
  }

  update(s: HudSnapshot): void {
    const rows: [string, string][] = [
      ['manifold', [s.manifold.recipe, s.manifold.seed === null ? null : `seed ${s.manifold.seed}`, `${s.latentDim}-D latent`].filter((x) => x !== null).join(' \u00b7 ')],
      ['path', `${s.backend} \u00b7 ${s.device}`],
      ['particles', `${s.particles.toLocaleString('en-US')}${s.adaptive ? ' (adaptive)' : ''}`],
      ['frame rate', `${s.fps.toFixed(1)} fps \u00b7 ${s.frameMs.toFixed(1)} ms \u00b7 frame ${s.frame}`],
      ['u', formatU(s.u)],
      ['GPU\u2192CPU / frame', bytes(s.readbackBytesLastFrame)],
      ['CPU\u2192GPU / frame', bytes(s.uploadBytesLastFrame)],
      ['tensors', String(s.tensors)],
      ['respawned', `${s.respawned.toLocaleString('en-US')} (NaN/Inf ${s.nonFinite})`],
    ];
    this.signal.textContent = `trained by ${s.manifold.signal}`;
    this.stats.replaceChildren(
      ...rows.map(([k, v]) => {
        const row = document.createElement('div');
        row.dataset.key = k;
        const key = document.createElement('span');
        key.textContent = k;
        const value = document.createElement('b');
        value.textContent = v;
        value.title = v;
        row.append(key, value);
        return row;
      }),
    );
  }

  /** Lists every track's judged sequence and draws the strip of the grounded one from `stripDigit`. */
  showRollouts(set: RolloutSet | null, stripDigit = 3): void {
    if (set === null || set.tracks.length === 0) {
      this.sequences.replaceChildren();
      this.showRolloutParts(false, false);
      return;
    }
    this.sequences.replaceChildren(
      ...set.tracks.map((track) => {
        const li = document.createElement('li');
        li.className = `sequence ${track.mode}`;
        li.dataset.mode = track.mode;
        const name = set.target !== null ? `steer to ${set.target}` : track.mode === 'grounded' ? 'E(D(z+f))' : 'z+f';
        li.textContent = `${name}: ${sequenceText(track.labels, set.steps)}`;
        return li;
      }),
    );
    const track = stripTrack(set, stripDigit);
    this.showRolloutParts(true, track !== null, set.tracks.some((t) => t.mode === 'ungrounded'));
    if (track === null) return;
    const steps = track.images.length / PIXELS;
    this.strip.draw(
      Array.from({ length: steps }, (_, k) => ({
        image: digitImage(track.images, k),
        label: track.labels?.[k] ?? null,
      })),
    );
    this.stripCaption.textContent =
      set.target !== null ? `steered to ${set.target}, u per step ${controlsText(track.controls)}, judged` : `grounded rollout at u = ${formatU(set.u)}, judged`;
  }
}
