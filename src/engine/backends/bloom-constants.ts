/**
 * One look for bloom on both paths. Luminance is linear and before tone mapping: a palette colour
 * at full strength stays under the threshold (the brightest, yellow, is 0.74), so a lone particle
 * or a context path never glows; dense same-hue cores and the comet's head, which sum past it, do.
 */
export const BLOOM_RADIUS = 0.45;
export const BLOOM_THRESHOLD = 0.9;
/** Width of the ramp above the threshold: a soft start, so a glow fades in rather than popping. */
export const BLOOM_KNEE = 0.3;
