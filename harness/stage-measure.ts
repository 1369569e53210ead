/**
 * What a talk audience would judge on one screenshot of the page, as numbers (issue 22's stage
 * check): washed-out pixels, the smallest stage text and its contrast against what is behind it,
 * how far apart the cluster centres land, which centres fall out of frame or under an overlay,
 * and which overlays cover each other.
 *
 * `measureDom` runs in the page (no imports: Playwright sends its source); `stageMetrics` combines
 * its result with two screenshots, the page as seen and the scene with every overlay hidden.
 */
import type { RgbaImage } from './browser/pixels';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface TextSample {
  text: string;
  px: number;
  box: Box;
  /** Text colour, alpha already multiplied by the element's opacity. */
  colour: [number, number, number, number];
  /** Backgrounds from the outermost ancestor in to the element (those with any alpha). */
  plates: [number, number, number, number][];
  /** A text-shadow outline's colour, when it has one solid enough to read against. */
  outline: [number, number, number] | null;
  /** Inside the settings panel (lil-gui). */
  panel: boolean;
}

export interface DomMeasure {
  width: number;
  height: number;
  texts: TextSample[];
  overlays: { name: string; box: Box }[];
  centres: { digit: number; x: number; y: number; front: boolean }[];
  panelCollapsed: boolean;
  /** The engineering HUD (fps, tensors, bytes) is on screen. */
  debugReadout: boolean;
}

/** Runs in the page: every visible text, the stage overlays' boxes and the cluster centres. */
export function measureDom(): DomMeasure {
  const width = window.innerWidth;
  const height = window.innerHeight;
  const rgba = (css: string): [number, number, number, number] => {
    const m = css.match(/rgba?\(([^)]+)\)/);
    if (m === null) return [0, 0, 0, 0];
    const parts = m[1]!.split(/[ ,/]+/).filter((p) => p !== '').map(Number);
    return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, parts[3] ?? 1];
  };
  const shown = (el: Element): boolean => {
    for (let e: Element | null = el; e !== null; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) < 0.05 || (e as HTMLElement).hidden) return false;
    }
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < width && r.top < height;
  };
  const opacity = (el: Element): number => {
    let o = 1;
    for (let e: Element | null = el; e !== null; e = e.parentElement) o *= Number(getComputedStyle(e).opacity);
    return o;
  };
  const box = (el: Element): Box => {
    const r = el.getBoundingClientRect();
    const x = Math.max(0, r.left);
    const y = Math.max(0, r.top);
    return { x, y, width: Math.min(width, r.right) - x, height: Math.min(height, r.bottom) - y };
  };
  const panel = document.querySelector('.lil-gui.lil-root');
  const panelCollapsed = panel !== null && panel.classList.contains('lil-closed');
  const texts: TextSample[] = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('script, style, canvas, svg, option')) continue;
    const own = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent ?? '').join('').trim();
    if (own === '' || !shown(el)) continue;
    const style = getComputedStyle(el);
    const colour = rgba(style.color);
    colour[3] *= opacity(el);
    const plates: [number, number, number, number][] = [];
    for (let e: Element | null = el; e !== null; e = e.parentElement) {
      const bg = rgba(getComputedStyle(e).backgroundColor);
      if (bg[3] > 0) plates.unshift(bg);
    }
    // A solid shadow (an outline, not a soft glow) behind every glyph edge counts as the text's ground.
    const shadows = style.textShadow === 'none' ? [] : style.textShadow.split(/,(?![^(]*\))/).map((s) => ({ c: rgba(s), blur: Number((s.match(/(-?[\d.]+)px/g) ?? []).map((v) => parseFloat(v))[2] ?? 0) }));
    const solid = shadows.filter((s) => s.c[3] >= 0.8 && s.blur <= 4);
    const inPanel = panel !== null && panel.contains(el);
    texts.push({ text: own.slice(0, 60), px: parseFloat(style.fontSize), box: box(el), colour, plates, outline: solid.length >= 2 ? [solid[0]!.c[0], solid[0]!.c[1], solid[0]!.c[2]] : null, panel: inPanel });
  }
  // The stage's overlays: every visible box the page lays over the scene, the centre labels aside.
  const containers = new Set(['canvas-host', 'overlay', 'bottom-stack', 'explore-top', 'notices']);
  const candidates = [
    ...document.querySelectorAll('#app > *, #app .overlay > *, #app .bottom-stack > *, #app .explore-top > *, #app .notices > p, body > .lil-gui'),
  ];
  const overlays = candidates
    .filter((el) => !containers.has(el.className) && !el.classList.contains('centroid-label') && el.tagName !== 'CANVAS' && shown(el))
    .map((el) => ({ name: `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`, box: box(el) }))
    .filter((o) => o.box.width > 0 && o.box.height > 0);
  const centres = [...document.querySelectorAll<HTMLElement>('.centroid-label')]
    .filter((el) => el.dataset.x !== undefined)
    .map((el) => ({ digit: Number(el.textContent), x: Number(el.dataset.x), y: Number(el.dataset.y), front: el.dataset.front === '1' }));
  const hud = document.querySelector('.hud');
  return { width, height, texts, overlays, centres, panelCollapsed, debugReadout: hud !== null && shown(hud) };
}

export interface StageMetrics {
  washout: number;
  minTextPx: number | null;
  /** The smallest stage text as a share of the viewport height. */
  minTextShare: number | null;
  minTextSample: string | null;
  minContrast: number | null;
  minContrastSample: string | null;
  minClusterSeparation: number | null;
  clustersOutOfFrame: number;
  clustersCovered: number;
  overlapsBetweenOverlays: number;
  overlapPairs: string[];
  coveredBy: string[];
  panelCollapsed: boolean;
  debugReadout: boolean;
}

/** WCAG relative luminance of an sRGB colour (0..255 channels). */
export function luminance(rgb: readonly number[]): number {
  const [r, g, b] = rgb.map((c) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** WCAG contrast ratio between two opaque colours. */
export function contrast(a: readonly number[], b: readonly number[]): number {
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

function over(top: readonly number[], alpha: number, under: readonly number[]): number[] {
  return [0, 1, 2].map((i) => top[i]! * alpha + under[i]! * (1 - alpha));
}

/** Share of pixels with every channel >= 245. */
export function washout(image: RgbaImage): number {
  let white = 0;
  const n = image.width * image.height;
  for (let i = 0; i < n; i++) {
    const o = i * 4;
    if (image.data[o]! >= 245 && image.data[o + 1]! >= 245 && image.data[o + 2]! >= 245) white++;
  }
  return white / n;
}

/**
 * The text's contrast against what is behind it: its plates laid over the scene's pixels under it
 * (the overlay-free screenshot), the worst of up to 64 of them; an outline, when the text has one,
 * is its ground instead where that reads better.
 */
function textContrast(t: TextSample, scene: RgbaImage, scale: number): number {
  const samples: number[] = [];
  const steps = 8;
  for (let i = 0; i < steps; i++) {
    for (let j = 0; j < steps; j++) {
      const x = Math.min(scene.width - 1, Math.floor((t.box.x + ((i + 0.5) / steps) * t.box.width) * scale));
      const y = Math.min(scene.height - 1, Math.floor((t.box.y + ((j + 0.5) / steps) * t.box.height) * scale));
      const o = (y * scene.width + x) * 4;
      let ground: number[] = [scene.data[o]!, scene.data[o + 1]!, scene.data[o + 2]!];
      for (const p of t.plates) ground = over(p, p[3], ground);
      const ink = over(t.colour, t.colour[3], ground);
      samples.push(contrast(ink, ground));
    }
  }
  const worst = Math.min(...samples);
  if (t.outline === null) return worst;
  return Math.max(worst, contrast(t.colour, t.outline));
}

const inside = (b: Box, x: number, y: number) => x >= b.x && x <= b.x + b.width && y >= b.y && y <= b.y + b.height;

export function stageMetrics(dom: DomMeasure, seen: RgbaImage, scene: RgbaImage): StageMetrics {
  const scale = seen.width / dom.width;
  // The collapsed panel's own title bar is not stage text.
  const stageTexts = dom.texts.filter((t) => !(t.panel && dom.panelCollapsed));
  let minText: TextSample | null = null;
  for (const t of stageTexts) if (minText === null || t.px < minText.px) minText = t;
  let minContrast: { value: number; text: string } | null = null;
  for (const t of stageTexts) {
    const value = textContrast(t, scene, scale);
    if (minContrast === null || value < minContrast.value) minContrast = { value, text: t.text };
  }
  const inFrame = dom.centres.filter((c) => c.front && c.x >= 0 && c.x <= dom.width && c.y >= 0 && c.y <= dom.height);
  let separation: number | null = null;
  for (let i = 0; i < inFrame.length; i++) {
    for (let j = i + 1; j < inFrame.length; j++) {
      const d = Math.hypot(inFrame[i]!.x - inFrame[j]!.x, inFrame[i]!.y - inFrame[j]!.y) / dom.height;
      separation = separation === null ? d : Math.min(separation, d);
    }
  }
  const coveredBy = inFrame.flatMap((c) => dom.overlays.filter((o) => inside(o.box, c.x, c.y)).map((o) => `${c.digit} under ${o.name}`));
  const overlapPairs: string[] = [];
  for (let i = 0; i < dom.overlays.length; i++) {
    for (let j = i + 1; j < dom.overlays.length; j++) {
      const a = dom.overlays[i]!.box;
      const b = dom.overlays[j]!.box;
      const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
      const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
      if (w > 1 && h > 1) overlapPairs.push(`${dom.overlays[i]!.name} / ${dom.overlays[j]!.name}`);
    }
  }
  const round = (v: number | null, digits: number) => (v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits);
  return {
    washout: round(washout(seen), 5)!,
    minTextPx: minText?.px ?? null,
    minTextShare: minText === null ? null : round(minText.px / dom.height, 4),
    minTextSample: minText?.text ?? null,
    minContrast: round(minContrast?.value ?? null, 2),
    minContrastSample: minContrast?.text ?? null,
    minClusterSeparation: round(separation, 4),
    clustersOutOfFrame: dom.centres.length - inFrame.length,
    clustersCovered: new Set(coveredBy.map((c) => c.split(' ')[0])).size,
    overlapsBetweenOverlays: overlapPairs.length,
    overlapPairs,
    coveredBy,
    panelCollapsed: dom.panelCollapsed,
    debugReadout: dom.debugReadout,
  };
}

/** Issue 22's bar for every view. */
export const STAGE_THRESHOLDS = { washout: 0.003, minTextShare: 0.025, minContrast: 4.5, minClusterSeparation: 0.06 } as const;

/** The names of the thresholds a view misses. */
export function missedThresholds(m: StageMetrics): string[] {
  const missed: string[] = [];
  if (m.washout > STAGE_THRESHOLDS.washout) missed.push('washout');
  if (m.minTextShare !== null && m.minTextShare < STAGE_THRESHOLDS.minTextShare) missed.push('minTextPx');
  if (m.minContrast !== null && m.minContrast < STAGE_THRESHOLDS.minContrast) missed.push('minContrast');
  if (m.minClusterSeparation !== null && m.minClusterSeparation < STAGE_THRESHOLDS.minClusterSeparation) missed.push('minClusterSeparation');
  if (m.clustersOutOfFrame > 0) missed.push('clustersOutOfFrame');
  if (m.clustersCovered > 0) missed.push('clustersCovered');
  if (m.overlapsBetweenOverlays > 0) missed.push('overlapsBetweenOverlays');
  return missed;
}
