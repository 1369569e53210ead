/**
 * Burns the page's overlays into recorded frames and stills. The digit labels, the HUD's rollout
 * strip and the story caption are page elements over the canvas, so a video of the canvas alone
 * shows unlabelled clusters and no digit sequence. The compositor draws the scene canvas into a 2D
 * canvas of the same size, then paints those overlays on it from the frame's own state (camera,
 * class centres, rollouts, caption text), never from the wall clock, so a fixed-step recording
 * stays the same on every run.
 */
import * as THREE from 'three';
import { IMAGE_SIZE, PIXELS } from '../../model/dataset';
import { digitCss } from '../../engine';

/** The stage's label ink (--stage-ink). */
const LABEL_INK = '#f2f5ff';
import type { RolloutSet, RolloutTrack } from '../../engine';
import { layoutCaption, layoutStrip, overlayScale, PAGE_PX, placeLabels, stripTrack, type CaptionText, type Ndc } from './overlay-layout';
import type { FrameSize } from './record-options';
import { formatU } from '../../spec/u';

/** What one frame shows besides the scene: read from the app as the frame is drawn. */
export interface OverlayScene {
  /** Class centres in map space (10 x 3). */
  centres: Float32Array;
  camera: THREE.Camera;
  /** The page hides the labels with the clusters. */
  labels: boolean;
  rollouts: RolloutSet | null;
  /** The story caption when the page shows one. */
  caption: CaptionText | null;
}

const FONT = 'system-ui, sans-serif';
/** Colours from src/page/style.css. */
const BOX_FILL = '#0b0e18cc';
const BOX_BORDER = '#1f2740';
const MUTED = '#8a96c0';
const CAPTION_TEXT = '#b8c2e6';
const CAPTION_TITLE = '#dfe6ff';
const CAPTION_STEP = '#6a76a0';
const ARROW = '\u2192';

/** Each centre through the camera, as NDC. */
export function projectCentres(centres: Float32Array, camera: THREE.Camera): Ndc[] {
  const v = new THREE.Vector3();
  const points: Ndc[] = [];
  for (let i = 0; i + 2 < centres.length; i += 3) {
    v.set(centres[i]!, centres[i + 1]!, centres[i + 2]!).project(camera);
    points.push({ x: v.x, y: v.y, z: v.z });
  }
  return points;
}

function context(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const ctx = canvas.getContext('2d');
  if (ctx === null) throw new Error('no 2D canvas context for the recording overlays');
  return ctx;
}

function roundedBox(ctx: CanvasRenderingContext2D, box: { x: number; y: number; width: number; height: number }, radius: number): void {
  ctx.beginPath();
  ctx.roundRect(box.x, box.y, box.width, box.height, radius);
  ctx.fillStyle = BOX_FILL;
  ctx.fill();
  ctx.lineWidth = Math.max(1, radius / 8);
  ctx.strokeStyle = BOX_BORDER;
  ctx.stroke();
}

export class OverlayCompositor {
  readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  /** The strip track's images as one row of 28x28 tiles, made once per rollout set. */
  private tiles: { set: RolloutSet; track: RolloutTrack; canvas: HTMLCanvasElement } | null = null;

  constructor(size: FrameSize) {
    this.canvas = document.createElement('canvas');
    this.canvas.width = size.width;
    this.canvas.height = size.height;
    this.ctx = context(this.canvas);
  }

  /**
   * The scene with its overlays, at the scene canvas's size. Call it in the same task as the
   * scene's draw: a WebGL canvas without preserveDrawingBuffer is cleared once the page composites.
   */
  compose(scene: HTMLCanvasElement, frame: OverlayScene): HTMLCanvasElement {
    const size = { width: scene.width, height: scene.height };
    if (this.canvas.width !== size.width || this.canvas.height !== size.height) {
      this.canvas.width = size.width;
      this.canvas.height = size.height;
    }
    const ctx = this.ctx;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.globalCompositeOperation = 'copy';
    ctx.drawImage(scene, 0, 0);
    ctx.globalCompositeOperation = 'source-over';
    if (frame.labels) this.drawLabels(frame, size);
    const stripTop = this.drawStrip(frame.rollouts, size);
    if (frame.caption !== null) this.drawCaption(frame.caption, size, stripTop);
    return this.canvas;
  }

  private drawLabels(frame: OverlayScene, size: FrameSize): void {
    const ctx = this.ctx;
    const s = overlayScale(size);
    ctx.save();
    ctx.font = `700 ${PAGE_PX.label * s}px ${FONT}`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.shadowColor = '#000';
    ctx.font = `800 ${PAGE_PX.label * s}px ${FONT}`;
    ctx.lineJoin = 'round';
    for (const label of placeLabels(projectCentres(frame.centres, frame.camera), size)) {
      // As the page draws them: white, a dark outline and a soft halo (the cluster is the colour).
      ctx.shadowBlur = PAGE_PX.labelShadow * s;
      ctx.strokeStyle = '#000';
      ctx.lineWidth = 2 * s;
      ctx.strokeText(String(label.digit), label.x, label.y);
      ctx.shadowBlur = 0;
      ctx.fillStyle = LABEL_INK;
      ctx.fillText(String(label.digit), label.x, label.y);
    }
    ctx.restore();
  }

  private stripTiles(set: RolloutSet): { track: RolloutTrack; canvas: HTMLCanvasElement } | null {
    if (this.tiles?.set === set) return this.tiles;
    const track = stripTrack(set);
    if (track === null) return null;
    const steps = track.images.length / PIXELS;
    const canvas = document.createElement('canvas');
    canvas.width = steps * IMAGE_SIZE;
    canvas.height = IMAGE_SIZE;
    const tile = new ImageData(IMAGE_SIZE, IMAGE_SIZE);
    for (let k = 0; k < steps; k++) {
      for (let p = 0; p < PIXELS; p++) {
        const v = Math.round(Math.min(1, Math.max(0, track.images[k * PIXELS + p]!)) * 255);
        tile.data.set([v, v, v, 255], p * 4);
      }
      context(canvas).putImageData(tile, k * IMAGE_SIZE, 0);
    }
    this.tiles = { set, track, canvas };
    return this.tiles;
  }

  /** Returns the strip's top edge (frame px), or null when there is no grounded rollout to show. */
  private drawStrip(set: RolloutSet | null, size: FrameSize): number | null {
    const tiles = set === null ? null : this.stripTiles(set);
    if (set === null || tiles === null) return null;
    const { track, canvas } = tiles;
    const layout = layoutStrip(track.images.length / PIXELS, size);
    if (layout === null) return null;
    const ctx = this.ctx;
    ctx.save();
    roundedBox(ctx, layout.box, layout.radius);
    ctx.imageSmoothingEnabled = false;
    layout.cells.forEach((cell, k) => ctx.drawImage(canvas, k * IMAGE_SIZE, 0, IMAGE_SIZE, IMAGE_SIZE, cell.x, cell.y, cell.width, cell.height));
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.font = `600 ${layout.labelPx}px ${FONT}`;
    layout.labels.forEach((at, k) => {
      const digit = track.labels?.[k];
      ctx.fillStyle = digit === undefined ? MUTED : digitCss(digit);
      ctx.fillText(digit === undefined ? '?' : String(digit), at.x, at.y);
    });
    ctx.fillStyle = MUTED;
    for (const at of layout.arrows) ctx.fillText(ARROW, at.x, at.y);
    ctx.textBaseline = 'alphabetic';
    ctx.font = `${layout.titlePx}px ${FONT}`;
    ctx.fillText(`grounded rollout at u = ${formatU(set.u)}, judged`, layout.title.x, layout.title.y);
    ctx.restore();
    return layout.box.y;
  }

  private drawCaption(caption: CaptionText, size: FrameSize, stripTop: number | null): void {
    const ctx = this.ctx;
    const fontOf = (px: number, bold: boolean) => `${bold ? '650 ' : ''}${px}px ${FONT}`;
    const measure = (line: string, px: number, bold: boolean) => {
      ctx.font = fontOf(px, bold);
      return ctx.measureText(line).width;
    };
    ctx.save();
    const layout = layoutCaption(caption, size, stripTop, measure);
    roundedBox(ctx, layout.box, layout.radius);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'alphabetic';
    ctx.font = fontOf(layout.titlePx, true);
    ctx.fillStyle = CAPTION_TITLE;
    for (const line of layout.title) ctx.fillText(line.text, line.x, line.y);
    ctx.font = fontOf(layout.textPx, false);
    ctx.fillStyle = CAPTION_TEXT;
    for (const line of layout.text) ctx.fillText(line.text, line.x, line.y);
    if (layout.step.text !== '') {
      ctx.textAlign = 'right';
      ctx.font = fontOf(layout.stepPx, false);
      ctx.fillStyle = CAPTION_STEP;
      ctx.fillText(layout.step.text, layout.step.x, layout.step.y);
    }
    ctx.restore();
  }
}
