/**
 * The rotation scene's words on stage: plain sentences (no f(z, c)), every figure from the eval's
 * rotation figures (assets/models/rotation-figures.json) rounded for people, none typed by hand.
 */
import { forPeople, percentForPeople, type ManifoldRotationFigures, type RotationFigures } from '../../model/rotation-figures';
import { ANGLE_GRID } from '../../model/rotation-measure';

/** The angle estimate searches +-75 degrees: past that it would name a wrong angle. */
const MEASURABLE_DEG = Math.max(...ANGLE_GRID);

const signed = (deg: number, magnitude: string) => `${deg < 0 ? '−' : ''}${magnitude}°`;

/** A measured angle for people, two significant digits: 25.68 -> "26°", -4.76 -> "−4.8°". */
export function degrees(deg: number): string {
  return signed(deg, forPeople(Math.abs(deg)));
}

/** An asked angle as asked (to a tenth): 22.5 -> "22.5°", not a rounded "23°". */
export function askedDegrees(deg: number): string {
  return signed(deg, String(Math.round(Math.abs(deg) * 10) / 10));
}

/** The column head over each step: the angle asked of it. */
export function askedLabel(asked: number, step: number): string {
  return step === 0 ? 'start' : askedDegrees(asked);
}

/** What a cell's image shows, for its tooltip: the angle measured, or that it is out of the measure's reach. */
export function shownLabel(asked: number, achieved: number): string {
  return Math.abs(asked) <= MEASURABLE_DEG ? `asked ${askedDegrees(asked)}, shows ${degrees(achieved)}` : `asked ${askedDegrees(asked)}, past what the angle measure reaches`;
}

export function stripTitle(label: number, degreesPerStep: number): string {
  return `The same held-out ${label}, asked to turn ${askedDegrees(degreesPerStep)} a step`;
}

/** A manifold's row figures: the eval's slope as a share of the angle asked, and its mean error. */
export function rowFigures(m: ManifoldRotationFigures): string {
  return `turns ${percentForPeople(m.slope)}, off by ${degrees(m.meanAbsErrorDeg)}`;
}

/** Under the strip: what the frames and the row figures mean. */
export function stripLegend(label: number, figures: RotationFigures | null): string {
  const frames = `Blue frame: still this ${label}; dashed orange: another ${label}.`;
  if (figures === null) return frames;
  return `${frames} Row figures: share of the asked angle turned, and mean error, over ${figures.starts} held-out digits (${figures.steps} steps of ${askedDegrees(figures.degreesPerStep)}).`;
}

/** The caption's text: what the rows are, and by what rule the digit on view was chosen. */
export function captionText(lead: string, label: number, figures: RotationFigures | null, chosenByRule: boolean): string {
  if (figures === null) return lead;
  const shown = chosenByRule ? `On view: the held-out ${label} nearest the median of all ${figures.starts} on every manifold.` : `On view: a held-out ${label} picked by hand; the row figures are over all ${figures.starts}.`;
  return `${lead} ${shown}`;
}

export const DEFAULT_LEAD = 'Each manifold’s rotation model is asked to turn the same held-out digit.';
