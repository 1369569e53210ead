/**
 * The eval figures a caption may quote, by placeholder: {grounded.forward}, {grounded.backward},
 * {ungrounded.forward}, {ungrounded.backward} (held-out step accuracy, as whole percentages),
 * {threshold.forward}, {threshold.backward} (|u| where it crosses 0.5) and {manifold}. They are
 * filled from assets/models/stage-figures.json for the manifold on screen, so a caption can only
 * say what eval measured.
 */
import { percent, type ManifoldStageFigures, type StageFigures } from '../../model/stage-figures';
import { formatU } from '../../spec/u';

export async function loadStageFigures(base: string): Promise<StageFigures | null> {
  try {
    const response = await fetch(`${base}/models/stage-figures.json`);
    if (!response.ok) return null;
    const json = (await response.json()) as StageFigures;
    return json.version === 1 && typeof json.manifolds === 'object' ? json : null;
  } catch {
    return null;
  }
}

const PLACEHOLDER = /\{(grounded|ungrounded|threshold)\.(forward|backward)\}|\{manifold\}/g;

/**
 * `text` with its placeholders filled from `figures` (the manifold `name`); a figure that is not
 * there reads as a dash, and `missing` names it, so a caption never shows a made-up number.
 */
export function fillFigures(text: string, figures: ManifoldStageFigures | null, name: string, missing?: (placeholder: string) => void): string {
  return text.replace(PLACEHOLDER, (whole, kind: string | undefined, way: 'forward' | 'backward' | undefined) => {
    if (whole === '{manifold}') return name;
    if (figures === null || kind === undefined || way === undefined) {
      missing?.(whole);
      return '–';
    }
    if (kind === 'threshold') {
      const c = figures.crossings[way];
      if (c === null) return 'nowhere';
      return formatU(way === 'forward' ? c : -c, 'signed');
    }
    return percent(figures[kind as 'grounded' | 'ungrounded'][way]);
  });
}
