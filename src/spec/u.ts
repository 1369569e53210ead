/**
 * u, the control signal, in one place: its range, the grid it is read on, how the engine's applied
 * u approaches the one asked for, and how people read it. Everything else (the field table, the
 * engine, the rollouts, the census, the keys, every readout) asks this module.
 */

/** Every u the model was trained on: -1 counts backwards, +1 forwards, near 0 the flow rests. */
export const U_RANGE = [-1, 1] as const;

/** Hundredths per unit: the grid rollouts and the census start on, and the panel's step. */
const PER_UNIT = 100;

/** The panel slider's step (one point of the grid). */
export const U_STEP = 1 / PER_UNIT;

/**
 * How fast the applied u follows the one asked for, units per second: a jump from -1 to +1 takes
 * 0.8 s, slow enough to watch the particles turn, quick enough to feel like a control.
 */
export const U_RAMP_PER_SECOND = 2.5;

export function clampU(u: number): number {
  return Math.min(U_RANGE[1], Math.max(U_RANGE[0], u));
}

/**
 * u on the grid: clamped, to the hundredth. Rollouts and the census key on it so that a slider
 * dragged through 0.6100 and 0.6101 starts one set, not two.
 */
export function roundU(u: number): number {
  // Zero, not -0: -0.004 reads as 0, and -0 would print as "0" but compare oddly in keys.
  return Math.round(clampU(u) * PER_UNIT) / PER_UNIT || 0;
}

/** Where u lies across its range: 0 at -1, 1 at +1 (a gauge's needle, a chart's axis). */
export function uShare(u: number): number {
  return (clampU(u) - U_RANGE[0]) / (U_RANGE[1] - U_RANGE[0]);
}

/** The applied u after `seconds` spent moving from `applied` towards `target` (Infinity: arrive at once). */
export function approachU(applied: number, target: number, seconds: number): number {
  const step = U_RAMP_PER_SECOND * seconds;
  return applied + Math.max(-step, Math.min(step, clampU(target) - applied));
}

/**
 * u as people read it, on the grid and with a true minus sign:
 *  - 'fixed' (default): two decimals, 0.61 / −0.66 / 0.00
 *  - 'signed': two decimals and a sign on both sides of zero, +0.61 / −0.66 / 0.00
 *  - 'short': no trailing zeros, signed, +1 / −0.5 / +0.61 / 0
 */
export function formatU(u: number, style: 'fixed' | 'signed' | 'short' = 'fixed'): string {
  const r = roundU(u);
  const digits = style === 'short' ? String(Math.abs(r)) : Math.abs(r).toFixed(2);
  const sign = r < 0 ? '\u2212' : r > 0 && style !== 'fixed' ? '+' : '';
  return `${sign}${digits}`;
}
