/**
 * Where the burned-in overlays of a recorded frame go: the digit label at each class centre, the
 * rollout strip along the bottom and the story caption above it. Plain TypeScript (no DOM, no
 * three.js): every position and size is a function of the frame size and the frame's own state,
 * so two renders of the same preset lay out the same pixels, and the rules are unit-tested.
 */
import type { FrameSize } from './record-options';

/**
 * The frame the page's CSS sizes are meant for: text keeps its size relative to a 16:9 box fitted
 * in the frame, so a 4K video looks like a 720p or 1080p one, and a portrait frame never gets
 * text wider than itself.
 */
export const REFERENCE_FRAME: FrameSize = { width: 1280, height: 720 };
/** Below three quarters of the page's sizes (15 px labels) text is hard to read in a small clip. */
export const MIN_SCALE = 0.75;

/** Page sizes at the reference frame, CSS px (src/page/style.css). */
export const PAGE_PX = {
  /** The stage's label: 2.6% of the height, times 1.15 (--stage-text in src/page/style.css). */
  label: 21.5,
  labelShadow: 4,
  captionTitle: 20,
  captionText: 15,
  captionStep: 11,
  captionPadX: 16,
  captionPadY: 10,
  captionMaxWidth: 760,
  /** The caption's distance from the bottom of the page. */
  captionBottom: 48,
  stripCell: 36,
  stripGap: 24,
  stripLabel: 15,
  stripTitle: 11,
  stripPad: 8,
  stripBottom: 12,
  radius: 8,
} as const;

/** Page px to frame px for this frame size. */
export function overlayScale(size: FrameSize): number {
  const fit = Math.min(size.height / REFERENCE_FRAME.height, size.width / REFERENCE_FRAME.width);
  return Math.max(MIN_SCALE, fit);
}

/** A point after THREE.Vector3.project: normalised device coordinates, z in [-1, 1] inside the frustum. */
export interface Ndc {
  x: number;
  y: number;
  z: number;
}

export interface PlacedLabel {
  digit: number;
  /** Frame pixels from the top left: the label's centre. */
  x: number;
  y: number;
}

/**
 * The labels to draw, at frame pixels. Same rule as the page's labels (src/engine/layers/centroid-labels.ts):
 * a centre behind the camera projects to z >= 1 and is skipped, as is one well off screen (a label
 * half over the edge is still drawn).
 */
export function placeLabels(points: readonly Ndc[], size: FrameSize): PlacedLabel[] {
  const placed: PlacedLabel[] = [];
  points.forEach((p, digit) => {
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y) || !Number.isFinite(p.z)) return;
    if (p.z >= 1 || Math.abs(p.x) >= 1.1 || Math.abs(p.y) >= 1.1) return;
    placed.push({ digit, x: ((p.x + 1) / 2) * size.width, y: ((1 - p.y) / 2) * size.height });
  });
  return placed;
}

// The strip shows the track the HUD's strip shows (src/page/chrome/rollout-strip.ts stripTrack).
export { stripTrack } from '../chrome/rollout-strip';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface StripLayout {
  box: Rect;
  /** One square per step: the decoded image. */
  cells: Rect[];
  /** Centre of each cell's judged label, below it. */
  labels: { x: number; y: number }[];
  /** Centre of each arrow between cells. */
  arrows: { x: number; y: number }[];
  /** Baseline-centre of the strip's title line. */
  title: { x: number; y: number };
  labelPx: number;
  titlePx: number;
  radius: number;
}

/** Fraction of the frame's width the strip may take before it shrinks. */
const STRIP_MAX_WIDTH = 0.96;

/** `count` cells centred along the bottom, shrunk as a whole when they would not fit across. */
export function layoutStrip(count: number, size: FrameSize): StripLayout | null {
  if (count <= 0) return null;
  const page = overlayScale(size);
  const natural = count * PAGE_PX.stripCell + (count - 1) * PAGE_PX.stripGap + 2 * PAGE_PX.stripPad;
  const s = page * Math.min(1, (size.width * STRIP_MAX_WIDTH) / (natural * page));
  const cell = PAGE_PX.stripCell * s;
  const gap = PAGE_PX.stripGap * s;
  const pad = PAGE_PX.stripPad * s;
  const titleHeight = PAGE_PX.stripTitle * 1.6 * s;
  const labelHeight = PAGE_PX.stripLabel * 1.5 * s;
  const width = natural * s;
  const height = pad + titleHeight + cell + labelHeight + pad / 2;
  const box = { x: (size.width - width) / 2, y: size.height - PAGE_PX.stripBottom * page - height, width, height };
  const top = box.y + pad + titleHeight;
  const cells = Array.from({ length: count }, (_, i) => ({ x: box.x + pad + i * (cell + gap), y: top, width: cell, height: cell }));
  return {
    box,
    cells,
    labels: cells.map((c) => ({ x: c.x + cell / 2, y: top + cell + labelHeight / 2 })),
    arrows: cells.slice(1).map((c) => ({ x: c.x - gap / 2, y: top + cell / 2 })),
    title: { x: size.width / 2, y: box.y + pad + PAGE_PX.stripTitle * s },
    labelPx: PAGE_PX.stripLabel * s,
    titlePx: PAGE_PX.stripTitle * s,
    radius: PAGE_PX.radius * s,
  };
}

/** Splits `text` into lines no wider than `maxWidth` by `measure` (a canvas's measureText in the page). */
export function wrapText(text: string, maxWidth: number, measure: (line: string) => number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    const next = line === '' ? word : `${line} ${word}`;
    if (line !== '' && measure(next) > maxWidth) {
      lines.push(line);
      line = word;
    } else {
      line = next;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

export interface CaptionText {
  title: string;
  text: string;
  /** "2 / 7", or empty. */
  step: string;
}

export interface CaptionLayout {
  box: Rect;
  /** Each line's text and baseline centre: the title line first, then the text. */
  title: { text: string; x: number; y: number }[];
  text: { text: string; x: number; y: number }[];
  step: { text: string; x: number; y: number };
  titlePx: number;
  textPx: number;
  stepPx: number;
  radius: number;
}

/**
 * The caption box, centred, wrapped to the page's max width, its bottom `above` px from the top
 * of the frame (the strip's top) or where the page puts it. `measure(line, px, bold)` gives a
 * line's width in that font.
 */
export function layoutCaption(
  caption: CaptionText,
  size: FrameSize,
  above: number | null,
  measure: (line: string, px: number, bold: boolean) => number,
): CaptionLayout {
  const s = overlayScale(size);
  const titlePx = PAGE_PX.captionTitle * s;
  const textPx = PAGE_PX.captionText * s;
  const padX = PAGE_PX.captionPadX * s;
  const padY = PAGE_PX.captionPadY * s;
  const maxWidth = Math.min(PAGE_PX.captionMaxWidth * s, size.width * 0.8);
  const inner = maxWidth - 2 * padX;
  const titleLines = wrapText(caption.title, inner, (l) => measure(l, titlePx, true));
  const textLines = wrapText(caption.text, inner, (l) => measure(l, textPx, false));
  const widest = Math.max(0, ...titleLines.map((l) => measure(l, titlePx, true)), ...textLines.map((l) => measure(l, textPx, false)));
  const width = Math.min(maxWidth, widest + 2 * padX);
  const titleLine = titlePx * 1.2;
  const textLine = textPx * 1.4;
  const gap = titleLines.length > 0 && textLines.length > 0 ? 4 * s : 0;
  const height = 2 * padY + titleLines.length * titleLine + gap + textLines.length * textLine;
  const bottom = above === null ? size.height - PAGE_PX.captionBottom * s : above - 10 * s;
  const box = { x: (size.width - width) / 2, y: bottom - height, width, height };
  const cx = size.width / 2;
  // Baselines sit about 0.8 of a line below each line's top (a font's usual ascent).
  const title = titleLines.map((text, i) => ({ text, x: cx, y: box.y + padY + i * titleLine + titleLine * 0.8 }));
  const textTop = box.y + padY + titleLines.length * titleLine + gap;
  const text = textLines.map((line, i) => ({ text: line, x: cx, y: textTop + i * textLine + textLine * 0.75 }));
  const stepPx = PAGE_PX.captionStep * s;
  return {
    box,
    title,
    text,
    step: { text: caption.step, x: box.x + box.width - 10 * s, y: box.y + 6 * s + stepPx },
    titlePx,
    textPx,
    stepPx,
    radius: PAGE_PX.radius * s,
  };
}
