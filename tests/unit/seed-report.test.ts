import { describe, expect, it } from 'vitest';
import { scoreJudged } from '../../src/model/evaluate';
import { resolveFrom, type Manifest } from '../../src/model/manifest';
import { manifoldId, parseRecipe } from '../../src/model/recipes';
import { chooseDefault, chooseSeed, manifoldManifest, validationScore } from '../../src/model/seed-choice';
import { HEADLINE_KEYS, summariseSeeds, type Headline } from '../../src/model/seed-summary';

function headlineOf(value: number, overrides: Partial<Headline> = {}): Headline {
  return { ...(Object.fromEntries(HEADLINE_KEYS.map((k) => [k, value])) as Headline), ...overrides };
}

describe('the multi-seed report', () => {
  it('takes the mean of every figure and the worst: lowest accuracy, highest error, highest ungrounded accuracy', () => {
    const seeds = new Map([
      [1, headlineOf(0.9, { recon_mse: 0.02, ungrounded_forward_step: 0.3 })],
      [2, headlineOf(0.96, { recon_mse: 0.03, ungrounded_forward_step: 0.5 })],
      [3, headlineOf(0.99, { recon_mse: 0.01, ungrounded_forward_step: 0.4 })],
    ]);
    const { mean, worst, worst_seed } = summariseSeeds(seeds);
    expect(mean.grounded_forward_step).toBeCloseTo(0.95, 6);
    expect(worst.grounded_forward_step).toBe(0.9);
    expect(worst_seed.grounded_forward_step).toBe(1);
    expect(worst.recon_mse).toBe(0.03);
    expect(worst_seed.recon_mse).toBe(2);
    expect(worst.ungrounded_forward_step).toBe(0.5);
    expect(worst_seed.ungrounded_forward_step).toBe(2);
  });

  it('refuses to summarise no seed at all', () => {
    expect(() => summariseSeeds(new Map())).toThrow(/no seed/);
  });
});

describe('scoring judged rollouts', () => {
  // Two starts (digits 3 and 8), three steps forward; judged[k][s] is start s after step k + 1.
  const labels = Int32Array.from([3, 8]);
  it('counts steps, loops, the first step and each transition given the previous step was right', () => {
    const judged = [Int32Array.from([4, 9]), Int32Array.from([5, 1]), Int32Array.from([6, 1])];
    const s = scoreJudged(judged, labels, 1);
    // Start 8 reads 9, 1, 1: its third step is right again, though not tried as a transition.
    expect(s.step_accuracy).toBeCloseTo(5 / 6, 4);
    expect(s.loop_rate).toBe(0.5);
    expect(s.first_step).toBe(1);
    expect(s.per_step).toEqual([1, 0.5, 1]);
    // 9 -> 0 failed once and was tried once; 0 -> 1 is never tried (the step before failed).
    expect(s.per_transition['9->0']).toBe(0);
    expect(s.per_transition['0->1']).toBeUndefined();
    expect(s.per_transition['3->4']).toBe(1);
    expect(s.transition_success).toBeCloseTo(4 / 5, 4);
    expect(s.worst_transition).toEqual({ transition: '9->0', success: 0 });
  });

  it('expects d - k counting backward', () => {
    const s = scoreJudged([Int32Array.from([2, 7])], labels, -1);
    expect(s.step_accuracy).toBe(1);
    expect(Object.keys(s.per_transition).sort()).toEqual(['3->2', '8->7']);
  });
});

function seedManifest(seed: number, forward: number, backward: number, stages = 1): Manifest {
  const dynamics_stages = Array.from({ length: stages }, (_, i) => ({
    stage: i === 0 ? 'first fit' : `DaD round ${i}`,
    validation_forward: i === stages - 1 ? forward : 0.1,
    validation_backward: i === stages - 1 ? backward : 0.1,
    kept: i === stages - 1,
    seconds: { collect: 0, fit: 0, score: 0 },
  }));
  return {
    version: 2, manifold: 'ssl-labels', recipe: 'ssl+labels', signal: 's', created: '', packages: {}, seed,
    config: {} as Manifest['config'], splits: {},
    models: { encoder: { path: 'encoder', parameters: 1 }, decoder: { path: 'decoder', parameters: 1 }, dynamics: { path: 'dynamics', parameters: 1 }, projector: { path: 'projector', parameters: 1 } },
    judge: { path: '../../judge' },
    digits: { training: { file: '../../../data/training.u8', count: 0, labels: [], indices: [] }, heldOut: { file: '../../../data/heldout.u8', count: 0, labels: [], indices: [] } },
    map: { positions: 'map.f32', labels: 'map-labels.u8', heldOutPositions: 'map-heldout.f32' } as Manifest['map'],
    dynamics_stages, training_seconds: {}, samples_per_second: {}, final_losses: {},
  };
}

describe('choosing on validation', () => {
  it("scores a seed by the kept dynamics stage's weaker direction", () => {
    expect(validationScore(seedManifest(1, 0.97, 0.94, 3))).toEqual({ forward: 0.97, backward: 0.94, worse: 0.94 });
  });

  it('ships the seed whose weaker direction counts best, the lower seed on a tie', () => {
    const { chosen, choices } = chooseSeed([seedManifest(3, 0.99, 0.9), seedManifest(1, 0.95, 0.95), seedManifest(2, 0.96, 0.95)]);
    expect(chosen.seed).toBe(1);
    expect(choices.map((c) => [c.seed, c.chosen])).toEqual([[1, true], [2, false], [3, false]]);
  });

  it("re-bases the chosen seed's paths onto the manifold's folder", () => {
    const m = manifoldManifest(seedManifest(2, 0.9, 0.9), []);
    expect(m.models.encoder.path).toBe('seed-2/encoder');
    expect(m.judge!.path).toBe('../judge');
    expect(m.digits.heldOut.file).toBe('../../data/heldout.u8');
    expect(m.map.positions).toBe('seed-2/map.f32');
  });

  it('ships no seed without its map, and says which seed lacks one', () => {
    const { map: _map, models, ...record } = seedManifest(2, 0.9, 0.9);
    const { projector: _projector, ...networks } = models;
    expect(() => manifoldManifest({ ...record, models: networks }, [])).toThrow('seed-2/seed.json: seed 2 has no map');
    // A record with a map but no projector to place new latents on it is no more shippable.
    expect(() => manifoldManifest({ ...seedManifest(2, 0.9, 0.9), models: networks }, [])).toThrow(/seed 2 has no map/);
  });

  it('makes the manifold whose worst seed counts best the default', () => {
    const a = { manifold: 'ssl' as const, recipe: 'ssl' as const, signal: 'a', seed: 1, seeds: [{ seed: 1, validation_forward: 0.99, validation_backward: 0.99, chosen: true }, { seed: 2, validation_forward: 0.5, validation_backward: 0.9, chosen: false }] };
    const b = { manifold: 'ssl-labels' as const, recipe: 'ssl+labels' as const, signal: 'b', seed: 2, seeds: [{ seed: 1, validation_forward: 0.93, validation_backward: 0.95, chosen: false }, { seed: 2, validation_forward: 0.96, validation_backward: 0.94, chosen: true }] };
    const index = chooseDefault([a, b]);
    expect(index.default).toBe('ssl-labels');
    expect(index.manifolds.map((m) => m.validation_worst)).toEqual([0.5, 0.93]);
  });
});

describe('recipe and path names', () => {
  it('reads recipe names as people type them, and names folders without a plus', () => {
    expect(parseRecipe('ssl')).toBe('ssl');
    expect(parseRecipe('ssl+labels')).toBe('ssl+labels');
    expect(parseRecipe('SSL-labels')).toBe('ssl+labels');
    expect(parseRecipe('ssl labels')).toBe('ssl+labels');
    expect(() => parseRecipe('contrastive')).toThrow(/unknown recipe/);
    expect(manifoldId('ssl+labels')).toBe('ssl-labels');
  });

  it('resolves manifest paths against their folder, URL or file path', () => {
    expect(resolveFrom('http://h:1/models/ssl', '../../data/x.u8')).toBe('http://h:1/data/x.u8');
    expect(resolveFrom('/models/ssl', 'seed-1/encoder')).toBe('/models/ssl/seed-1/encoder');
    expect(resolveFrom('/models/ssl', '../../data/x.u8')).toBe('/data/x.u8');
    expect(resolveFrom('seed-1', '../../judge')).toBe('../judge');
  });
});
