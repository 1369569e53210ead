/** The rotation figures the stage quotes and the rule that picks the shown digit (src/model/rotation-figures.ts). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { askedLabel, captionText, degrees, rowFigures, stripLegend } from '../../src/page/rotation/rotation-words';
import { forPeople, parseRotationFigures, percentForPeople, representativeStart, rotationFigures, type RotationReportView } from '../../src/model/rotation-figures';

const root = join(import.meta.dirname, '..', '..');
const read = (path: string) => JSON.parse(readFileSync(join(root, path), 'utf8')) as unknown;

describe('the rotation figures the stage quotes', () => {
  it('are the eval report’s (rerun npx tsx scripts/rotation-figures.ts after an eval)', () => {
    const shipped = parseRotationFigures(read('assets/models/rotation-figures.json'));
    const report = read('docs/eval/latest.json') as RotationReportView;
    expect(shipped).toEqual(rotationFigures(report));
    expect(shipped.manifolds.ssl.slope).toBe(report.rotation!.ssl!.rollout.slope);
  });

  it('name a shown digit the rotation scene ships', () => {
    const { shown } = parseRotationFigures(read('assets/models/rotation-figures.json'));
    const starts = (read('assets/models/rotation.json') as { scene: { starts: { labels: number[]; indices: number[] } } }).scene.starts;
    expect(starts.labels.some((label, k) => label === shown.label && starts.indices[k] === shown.index)).toBe(true);
  });

  it('refuse a file with a manifold missing or no shown digit', () => {
    const good = read('assets/models/rotation-figures.json') as { manifolds: Record<string, unknown>; shown: unknown };
    expect(() => parseRotationFigures({ ...good, manifolds: { ...good.manifolds, ssl: undefined } })).toThrow(/ssl/);
    expect(() => parseRotationFigures({ ...good, shown: {} })).toThrow(/shown/);
    expect(() => parseRotationFigures(null)).toThrow(/version 1/);
  });
});

describe('the shown digit', () => {
  it('is the start nearest the median on every manifold and measure', () => {
    // Five starts; start 2 sits at the median of everything, start 0 is typical on one manifold only.
    const slopes = [[0.9, 0.5, 0.8, 1.1, 0.7], [0.2, 0.9, 0.25, 0.3, 0.1]];
    const errors = [[3, 9, 4, 6, 2], [26, 5, 24, 30, 20]];
    expect(representativeStart([[slopes[0]!, errors[0]!], [slopes[1]!, errors[1]!]])).toBe(2);
  });

  it('weighs each measure by its own spread, so degrees do not drown a slope', () => {
    // Start 0 is at the median slope but 1 degree off the median error; start 1 is 0.3 off in
    // slope (six spreads) and at the median error. Raw differences would pick 1; spreads pick 0.
    const slope = [0.8, 1.1, 0.85, 0.75, 0.8, 0.8, 0.9];
    const error = [5, 4, 0, 8, 2, 6, 4];
    expect(representativeStart([[slope, error]])).toBe(0);
  });

  it('takes the first of equals and refuses an empty or ragged table', () => {
    expect(representativeStart([[[1, 1, 1]]])).toBe(0);
    expect(() => representativeStart([[[]]])).toThrow(/no starts/);
    expect(() => representativeStart([[[1, 2], [1]]])).toThrow(/values/);
  });
});

describe('figures for people', () => {
  it('round to two significant digits', () => {
    expect(forPeople(4.7645)).toBe('4.8');
    expect(forPeople(25.68)).toBe('26');
    expect(forPeople(0.239)).toBe('0.24');
    expect(forPeople(9.55)).toBe('9.6');
    expect(percentForPeople(0.926)).toBe('93%');
    expect(percentForPeople(0.0412)).toBe('4.1%');
  });
});

describe('the rotation scene’s words', () => {
  const figures = parseRotationFigures(read('assets/models/rotation-figures.json'));

  it('quote the figures rounded for people and the asked angles as asked', () => {
    expect(rowFigures({ slope: 0.926, meanAbsErrorDeg: 4.76, reachedDeg: 53.85, shown: { slope: 0.9, meanAbsErrorDeg: 3 } })).toBe('turns 93%, off by 4.8°');
    expect(degrees(-25.68)).toBe('−26°');
    expect(askedLabel(22.5, 3)).toBe('22.5°');
    expect(askedLabel(0, 0)).toBe('start');
    expect(stripLegend(1, figures)).toMatch(new RegExp(`over ${figures.starts} held-out digits \\(${figures.steps} steps of`));
  });

  it('say by what rule the digit on view was chosen, and only when it was', () => {
    expect(captionText('Lead.', 1, figures, true)).toBe(`Lead. On view: the held-out 1 nearest the median of all ${figures.starts} on every manifold.`);
    expect(captionText('Lead.', 5, figures, false)).toBe(`Lead. On view: a held-out 5 picked by hand; the row figures are over all ${figures.starts}.`);
    expect(captionText('Lead.', 5, null, true)).toBe('Lead.');
  });
});
