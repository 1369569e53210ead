/**
 * The default manifold by the seed's whole story (issue 23, Build 4), on validation figures:
 * label-free, counts >= 0.95 both ways, ungrounded >= 0.3 below grounded, 0.5 crossed at |u| >= 0.75,
 * each the worst of the manifold's seeds.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ManifoldIndex } from '../../src/model/manifest';
import { MODELS_DIR as MODELS } from '../../src/model/node/shipped';
import type { Manifest, SeedChoice } from '../../src/model/manifest';
import { parseRecipe, manifoldId, type Recipe } from '../../src/model/recipes';
import { chooseDefault } from '../../src/model/seed-choice';
import { manifoldStory, type ValidationStory } from '../../src/model/seed-story';

const story = (step: number, ungrounded: number, cross: number | null): ValidationStory => ({
  grounded: { forward: step, backward: step + 0.005 },
  ungrounded: { forward: ungrounded, backward: ungrounded },
  crossings: { forward: cross, backward: cross },
  sweep_starts_per_class: 20,
});

function manifold(recipe: Recipe, stories: ValidationStory[]): Pick<Manifest, 'manifold' | 'recipe' | 'signal' | 'seed' | 'seeds'> {
  const seeds: SeedChoice[] = stories.map((s, i) => ({
    seed: i + 1,
    validation_forward: s.grounded.forward,
    validation_backward: s.grounded.backward,
    story: s,
    chosen: i === 0,
  }));
  return { manifold: manifoldId(recipe), recipe, signal: recipe, seed: 1, seeds };
}

describe('the seed-faithful rule', () => {
  it('takes the worst of seeds and directions, and names each failing clause with its shortfall', () => {
    const s = manifoldStory(true, [story(0.96, 0.5, 0.85), story(0.94, 0.7, 0.8)])!;
    expect(s.step).toBe(0.94);
    expect(s.gap).toBeCloseTo(0.24, 6);
    expect(s.crossing).toBe(0.8);
    expect(s.fails).toEqual(['counts 0.940, 0.010 short of 0.95', 'ungrounded only 0.240 below grounded, 0.060 short of 0.3']);
    expect(manifoldStory(false, [story(0.97, 0.1, 0.6)])!.fails[0]).toBe('its encoder reads labels');
    // A seed that never crosses 0.5 counts as crossing at 1: it cannot fail the high-threshold clause.
    expect(manifoldStory(true, [story(0.96, 0.4, null)])!.crossing).toBe(1);
  });

  it('makes a faithful manifold the default even when a label-aided one counts better', () => {
    const index = chooseDefault([
      manifold('ssl', [story(0.9, 0.3, 0.82), story(0.91, 0.35, 0.8), story(0.92, 0.3, 0.84)]),
      manifold('ssl+contrastive', [story(0.951, 0.5, 0.8), story(0.955, 0.6, 0.79), story(0.96, 0.55, 0.81)]),
      manifold('ssl+labels', [story(0.96, 0.96, 0.62), story(0.965, 0.96, 0.64), story(0.97, 0.97, 0.63)]),
    ]);
    expect(index.default).toBe('ssl-contrastive');
    expect(index.grounding).toBe('ssl-contrastive');
    expect(index.reason).toMatch(/^seed-faithful .*counts 0\.951/);
  });

  it('with no faithful manifold keeps the best counter, says why each label-free one fails, and grounds on one that drifts', () => {
    const index = chooseDefault([
      manifold('ssl', [story(0.9, 0.3, 0.82), story(0.91, 0.35, 0.8), story(0.92, 0.3, 0.84)]),
      manifold('ssl+labels', [story(0.96, 0.96, 0.62), story(0.965, 0.96, 0.64), story(0.97, 0.97, 0.63)]),
    ]);
    expect(index.default).toBe('ssl-labels');
    expect(index.grounding).toBe('ssl');
    expect(index.reason).toMatch(/no manifold is seed-faithful.*ssl counts 0\.900, 0\.050 short of 0\.95/);
    expect(index.reason).toMatch(/grounding step shows ssl/);
  });

  it('judges no manifold whose seeds were not all measured', () => {
    const m = manifold('ssl+contrastive', [story(0.96, 0.5, 0.8), story(0.96, 0.5, 0.8)]);
    delete m.seeds![1]!.story;
    const index = chooseDefault([m]);
    expect(index.manifolds[0]!.story).toBeNull();
    expect(index.reason).toMatch(/not measured on every seed/);
    expect(index.grounding).toBeUndefined();
  });
});

describe('recipe names', () => {
  it('read as people type them, the new label-free recipe included', () => {
    expect(parseRecipe('ssl-contrastive')).toBe('ssl+contrastive');
    expect(parseRecipe('ssl contrastive')).toBe('ssl+contrastive');
    expect(parseRecipe('SSL+labels')).toBe('ssl+labels');
    expect(manifoldId('ssl+contrastive')).toBe('ssl-contrastive');
    expect(() => parseRecipe('simclr')).toThrow(/ssl, ssl\+contrastive, ssl\+labels/);
  });
});

describe('the shipped index', () => {
  it("points the grounding preset (and so the talk's grounding step) at the manifold its rule names", () => {
    const index = JSON.parse(readFileSync(join(MODELS, 'index.json'), 'utf8')) as ManifoldIndex;
    const preset = JSON.parse(readFileSync(join(MODELS, '..', 'presets', 'grounded-vs-ungrounded.json'), 'utf8')) as { manifold?: string };
    expect(index.grounding, 'index.json names the manifold whose ungrounded rollouts drift').toBeDefined();
    expect(preset.manifold).toBe(index.grounding);
    expect(index.manifolds.map((m) => m.id)).toContain(index.grounding);
  });

  it("rests on a story measured on every seed of every manifold, and its reason quotes the rule's figures", () => {
    const index = JSON.parse(readFileSync(join(MODELS, 'index.json'), 'utf8')) as ManifoldIndex;
    for (const m of index.manifolds) expect(m.story ?? null, `${m.id} has a story over all its seeds`).not.toBeNull();
    const chosen = index.manifolds.find((m) => m.id === index.default)!;
    if (chosen.story!.fails.length === 0) expect(index.reason).toContain(`counts ${chosen.story!.step}`);
    else for (const m of index.manifolds) if (m.story!.label_free) for (const fail of m.story!.fails) expect(index.reason).toContain(fail);
  });
});
