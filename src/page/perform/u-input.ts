/**
 * From a controller's raw value to u: a 7-bit knob's 0..127 onto u's range with its centre
 * exactly at 0, an optional detent (the knob rests on the counting threshold over a few steps),
 * the smoothing that hides the knob's 1/64 steps, and a stick's rate. Range and rounding come
 * from src/spec/u.ts.
 */
import { U_RANGE, clampU } from '../../spec/u';

/** The knob value read as u = 0: 0..64 spans -1..0 and 64..127 spans 0..+1. */
const CC_CENTRE = 64;
const CC_MAX = 127;

/** Half the width of a detent in u: about three knob steps each side. */
export const DETENT_HALF_WIDTH = 0.04;

/**
 * Seconds the smoothed u takes to cover 63% of a jump: short enough that the knob feels direct,
 * long enough to turn its steps into a glide.
 */
export const SMOOTHING_SECONDS = 0.06;

/** u per second a stick or a held button moves u at full deflection. */
export const NUDGE_PER_SECOND = 1;

/** A stick's rest: deflections under this read as 0 (sticks rarely centre exactly). */
export const STICK_DEADZONE = 0.15;

/** A knob's 0..127 as u (-1..+1, 64 is 0), held at a detent point when it lies within DETENT_HALF_WIDTH of one. */
export function ccToU(value: number, detents: readonly number[] = []): number {
  const raw = Math.min(CC_MAX, Math.max(0, value));
  const u = raw <= CC_CENTRE ? (-U_RANGE[0] * (raw - CC_CENTRE)) / CC_CENTRE : (U_RANGE[1] * (raw - CC_CENTRE)) / (CC_MAX - CC_CENTRE);
  for (const point of detents) if (Math.abs(u - point) <= DETENT_HALF_WIDTH) return clampU(point);
  return clampU(u);
}

/** The smoothed u after `seconds` gliding from `current` towards `target` (one-pole low-pass). */
export function smoothTowards(current: number, target: number, seconds: number): number {
  if (!(seconds > 0)) return current;
  return target + (current - target) * Math.exp(-seconds / SMOOTHING_SECONDS);
}

/** A stick axis (-1..1) as a rate share (-1..1): 0 inside the deadzone, then rising to 1 at full. */
export function stickRate(value: number): number {
  const size = Math.abs(value);
  if (!(size > STICK_DEADZONE)) return 0;
  return Math.sign(value) * Math.min(1, (size - STICK_DEADZONE) / (1 - STICK_DEADZONE));
}

/** u after `seconds` moving at `rate` (-1..1 shares of NUDGE_PER_SECOND), kept in range. */
export function nudgeU(u: number, rate: number, seconds: number): number {
  return clampU(u + Math.max(-1, Math.min(1, rate)) * NUDGE_PER_SECOND * seconds);
}
