/**
 * The particle under a resting pointer: once the pointer has rested a moment away from any map
 * digit, the particles are read back once (never per frame), the one nearest the pointer on
 * screen is decoded and judged, and a card shows its digit; a click on it starts rollouts from
 * its latent at the current u.
 */
import * as THREE from 'three';
import type { Engine } from '../../engine';
import type { AppState } from '../../spec/spec';
import { HoverCard } from '../chrome/hover-card';

/** How long the pointer must rest before a particle is read (ms). */
export const REST_MS = 350;
/** A particle counts as under the pointer within this many CSS pixels. */
export const PEEK_RADIUS = 12;
/** At most this many particles (spread over the population) are searched. */
const PEEK_SAMPLE = 20_000;

export interface Peek {
  label: number | null;
  confidence: number | null;
  latent: Float32Array;
  /** Where the particle was on screen (CSS pixels in the canvas). */
  x: number;
  y: number;
}

export class ParticlePeek {
  private readonly card: HoverCard;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private peeked: Peek | null = null;
  /** Bumped by every move: a read that finishes after the pointer moved on is dropped. */
  private generation = 0;
  private down: { x: number; y: number } | null = null;
  private readonly detach: () => void;

  constructor(
    private readonly flow: Engine,
    overlay: HTMLElement,
    private readonly state: AppState,
    private readonly enabled: () => boolean,
  ) {
    this.card = new HoverCard(overlay, 'particle');
    const canvas = flow.canvas;
    const local = (event: PointerEvent) => {
      const rect = canvas.getBoundingClientRect();
      return { x: event.clientX - rect.left, y: event.clientY - rect.top };
    };
    const onMove = (event: PointerEvent) => {
      const { x, y } = local(event);
      // A hand reaching for the button jitters a pixel or two: the card stays while the pointer
      // is still on the particle it shows, so the click that follows lands on it.
      const shown = this.peeked;
      if (shown !== null && Math.hypot(x - shown.x, y - shown.y) <= PEEK_RADIUS) return;
      this.generation++;
      clearTimeout(this.timer);
      if (shown !== null) {
        this.peeked = null;
        this.card.hide();
      }
      if (event.buttons === 0) this.timer = setTimeout(() => void this.peekAt(x, y), REST_MS);
    };
    const onLeave = () => {
      this.generation++;
      clearTimeout(this.timer);
      this.peeked = null;
      this.card.hide();
    };
    const onDown = (event: PointerEvent) => (this.down = { x: event.clientX, y: event.clientY });
    const onUp = (event: PointerEvent) => {
      const start = this.down;
      this.down = null;
      const peek = this.peeked;
      if (start === null || peek === null || Math.hypot(event.clientX - start.x, event.clientY - start.y) > 4) return;
      const { x, y } = local(event);
      if (Math.hypot(x - peek.x, y - peek.y) <= PEEK_RADIUS * 2) void this.rollFrom(peek);
    };
    canvas.addEventListener('pointermove', onMove);
    canvas.addEventListener('pointerleave', onLeave);
    canvas.addEventListener('pointerdown', onDown);
    canvas.addEventListener('pointerup', onUp);
    this.detach = () => {
      clearTimeout(this.timer);
      canvas.removeEventListener('pointermove', onMove);
      canvas.removeEventListener('pointerleave', onLeave);
      canvas.removeEventListener('pointerdown', onDown);
      canvas.removeEventListener('pointerup', onUp);
      this.card.element.remove();
    };
  }

  /** Reads the particle nearest (x, y) on screen, if one is within PEEK_RADIUS and no map digit is there. */
  async peekAt(x: number, y: number): Promise<Peek | null> {
    const { flow } = this;
    if (!this.enabled()) return null;
    const rect = flow.canvas.getBoundingClientRect();
    if (flow.pick(x, y, flow.camera, rect.width, rect.height)?.layer === 'clusters') return null;
    const generation = this.generation;
    const sample = await flow.sampleParticles(Math.min(flow.stats().particles, PEEK_SAMPLE));
    if (generation !== this.generation) return null;
    const best = nearestOnScreen(sample.positions, flow.camera, rect.width, rect.height, x, y);
    if (best === null) return null;
    const latent = sample.latents.slice(best.index * flow.models.dim, (best.index + 1) * flow.models.dim);
    const image = await flow.decode(latent);
    const reading = (await flow.models.classify(image))?.[0] ?? null;
    if (generation !== this.generation) return null;
    this.peeked = { label: reading?.label ?? null, confidence: reading?.confidence ?? null, latent, x: best.x, y: best.y };
    const text = reading ? `particle \u00b7 decodes to ${reading.label} (${Math.round(reading.confidence * 100)}%)` : 'particle \u00b7 decoded';
    this.card.showImage(image, text, reading?.label ?? 0, best.x, best.y);
    return this.peeked;
  }

  /** The particle on show, or null. */
  current(): Peek | null {
    return this.peeked;
  }

  private async rollFrom(peek: Peek): Promise<void> {
    await this.flow.rollouts.start({ latents: peek.latent, u: this.state.u, steps: this.state.rolloutSteps, ungrounded: this.state.ungrounded });
  }

  dispose(): void {
    this.detach();
  }
}

const scratch = new THREE.Vector3();

/** The point of `positions` (n x 3) nearest (x, y) on screen within PEEK_RADIUS, in front of the camera. */
export function nearestOnScreen(positions: Float32Array, camera: THREE.Camera, width: number, height: number, x: number, y: number): { index: number; x: number; y: number } | null {
  let best: { index: number; x: number; y: number } | null = null;
  let bestD = PEEK_RADIUS;
  for (let i = 0; i < positions.length / 3; i++) {
    scratch.set(positions[i * 3]!, positions[i * 3 + 1]!, positions[i * 3 + 2]!).project(camera);
    if (scratch.z > 1 || scratch.z < -1) continue;
    const sx = ((scratch.x + 1) / 2) * width;
    const sy = ((1 - scratch.y) / 2) * height;
    const d = Math.hypot(sx - x, sy - y);
    if (d < bestD) [best, bestD] = [{ index: i, x: sx, y: sy }, d];
  }
  return best;
}
