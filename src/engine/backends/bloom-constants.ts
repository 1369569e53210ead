/** One look for bloom on both paths: only bright things (rollout paths, dense particle cores) glow. */
export const BLOOM_RADIUS = 0.45;
export const BLOOM_THRESHOLD = 0.7;
