/**
 * Interpolate between two digits: the straight latent path z_t = (1 - t) E(a) + t E(b) drawn on
 * the map, its re-grounded twin E(D(z_t)) beside it, and a marker at t (a slider, and a play
 * button that sweeps it). The panel shows D(z_t) and D(E(D(z_t))) side by side with the latent
 * distance |z_t - E(D(z_t))|, so one sees where the straight path leaves the manifold.
 */
import * as THREE from 'three';
import type { FrameInfo, Engine, Layer } from '../../engine';
import { digitImage, IMAGE_SIZE, PIXELS } from '../../model/dataset';
import { paintDigit } from '../chrome/digit-canvas';
import { addCloseButton } from './close-button';

/** Points along the path (t = 0, 1/32, ..., 1). */
export const SAMPLES = 33;
const PLAY_SECONDS = 4;

export interface InterpolationStatus {
  /** Map digits at the ends (-1: the draw pad's probe). */
  ends: [number, number] | null;
  t: number;
  /** |z_t - E(D(z_t))| at each sample. */
  distances: number[];
}

function line(colour: number, dashed: boolean): THREE.Line {
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute('position', new THREE.BufferAttribute(new Float32Array(SAMPLES * 3), 3));
  const material = dashed
    ? new THREE.LineDashedMaterial({ color: colour, dashSize: 0.03, gapSize: 0.02, transparent: true, depthTest: false })
    : new THREE.LineBasicMaterial({ color: colour, transparent: true, depthTest: false });
  return new THREE.Line(geometry, material);
}

export class Interpolation {
  readonly element: HTMLElement;
  readonly layer: Layer;
  private readonly straight = line(0xffffff, true);
  private readonly grounded = line(0xffb04a, false);
  private readonly marker = new THREE.Mesh(new THREE.SphereGeometry(0.022, 16, 12), new THREE.MeshBasicMaterial({ color: 0xffffff, depthTest: false }));
  private readonly slider: HTMLInputElement;
  private readonly decoded: HTMLCanvasElement;
  private readonly regrounded: HTMLCanvasElement;
  private readonly caption: HTMLElement;
  private readonly distance: HTMLElement;
  private ends: [number, number] | null = null;
  private images: Float32Array | null = null;
  private regroundedImages: Float32Array | null = null;
  private places: Float32Array | null = null;
  private distances: number[] = [];
  private t = 0.5;
  private playing = false;

  constructor(
    private readonly flow: Engine,
    parent: HTMLElement,
  ) {
    this.element = document.createElement('section');
    this.element.className = 'explore-panel interpolation';
    this.element.setAttribute('aria-label', 'interpolation');
    this.element.hidden = true;
    const title = document.createElement('h2');
    title.textContent = 'Between two digits';
    this.caption = document.createElement('p');
    this.distance = document.createElement('p');
    this.distance.className = 'muted';
    const canvas = () => Object.assign(document.createElement('canvas'), { width: IMAGE_SIZE, height: IMAGE_SIZE });
    this.decoded = canvas();
    this.regrounded = canvas();
    const figures = document.createElement('div');
    figures.className = 'interp-images';
    // Plain names on screen: the straight path's decoding D(z_t), and that image encoded and decoded again.
    for (const [c, label] of [[this.decoded, 'straight'], [this.regrounded, 're-grounded']] as const) {
      const f = document.createElement('figure');
      const cap = document.createElement('figcaption');
      cap.textContent = label;
      f.append(c, cap);
      figures.append(f);
    }
    this.slider = Object.assign(document.createElement('input'), { type: 'range', min: '0', max: '1', step: String(1 / (SAMPLES - 1)), value: '0.5' });
    this.slider.addEventListener('input', () => this.setT(Number(this.slider.value)));
    const play = Object.assign(document.createElement('button'), { type: 'button', textContent: 'play' });
    play.addEventListener('click', () => (this.playing = !this.playing));
    const row = document.createElement('div');
    row.className = 'interp-controls';
    row.append('t ', this.slider, play);
    this.element.append(title, this.caption, figures, this.distance, row);
    addCloseButton(this.element, 'interpolation', () => this.close());
    parent.append(this.element);
    const group = new THREE.Group();
    group.name = 'interpolation';
    group.add(this.straight, this.grounded, this.marker);
    group.visible = false;
    this.layer = {
      name: 'interpolation',
      object: group,
      update: (frame: FrameInfo) => {
        if (!this.playing || this.images === null) return;
        this.setT((this.t + frame.delta / PLAY_SECONDS) % 1);
      },
      dispose: () => {
        for (const l of [this.straight, this.grounded]) {
          l.geometry.dispose();
          (l.material as THREE.Material).dispose();
        }
        this.marker.geometry.dispose();
        (this.marker.material as THREE.Material).dispose();
      },
    };
  }

  /** Interpolates from image `a` to image `b` (784 values each); `ends` names them for the status. */
  async between(a: Float32Array, b: Float32Array, ends: [number, number]): Promise<void> {
    const dim = this.flow.models.dim;
    const both = new Float32Array(2 * PIXELS);
    both.set(a, 0);
    both.set(b, PIXELS);
    const z = await this.flow.encode(both);
    const path = new Float32Array(SAMPLES * dim);
    for (let s = 0; s < SAMPLES; s++) {
      const t = s / (SAMPLES - 1);
      for (let d = 0; d < dim; d++) path[s * dim + d] = (1 - t) * z[d]! + t * z[dim + d]!;
    }
    const images = await this.flow.decode(path);
    const back = await this.flow.encode(images);
    const [places, backPlaces, regrounded] = await Promise.all([this.flow.project(path), this.flow.project(back), this.flow.decode(back)]);
    this.distances = Array.from({ length: SAMPLES }, (_, s) => {
      let sum = 0;
      for (let d = 0; d < dim; d++) sum += (path[s * dim + d]! - back[s * dim + d]!) ** 2;
      return Math.sqrt(sum);
    });
    this.images = images;
    this.regroundedImages = regrounded;
    this.places = places;
    this.ends = ends;
    this.setLine(this.straight, places);
    this.setLine(this.grounded, backPlaces);
    this.straight.computeLineDistances();
    (this.layer.object as THREE.Group).visible = true;
    this.element.hidden = false;
    this.setT(this.t);
  }

  private setLine(target: THREE.Line, places: Float32Array): void {
    const attribute = target.geometry.attributes.position as THREE.BufferAttribute;
    (attribute.array as Float32Array).set(places);
    attribute.needsUpdate = true;
    target.geometry.computeBoundingSphere();
  }

  /** Moves the marker and the images to the sample nearest `t`. */
  setT(t: number): void {
    this.t = Math.min(1, Math.max(0, t));
    this.slider.value = String(this.t);
    if (this.images === null || this.regroundedImages === null || this.places === null) return;
    const s = Math.round(this.t * (SAMPLES - 1));
    paintDigit(this.decoded, digitImage(this.images, s));
    paintDigit(this.regrounded, digitImage(this.regroundedImages, s));
    this.marker.position.set(this.places[s * 3]!, this.places[s * 3 + 1]!, this.places[s * 3 + 2]!);
    const name = (e: number) => (e < 0 ? 'the probe' : `#${e}`);
    this.caption.textContent = `${name(this.ends![0])} \u2192 ${name(this.ends![1])}, t = ${this.t.toFixed(2)}`;
    // |z_t - E(D(z_t))|: how far the straight path is from where grounding puts it.
    this.distance.textContent = `off the manifold by ${this.distances[s]!.toFixed(2)}`;
  }

  status(): InterpolationStatus {
    return { ends: this.ends && [...this.ends], t: this.t, distances: [...this.distances] };
  }

  close(): void {
    this.playing = false;
    this.element.hidden = true;
    (this.layer.object as THREE.Group).visible = false;
  }

  dispose(): void {
    this.element.remove();
  }
}
