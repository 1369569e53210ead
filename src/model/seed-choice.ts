import { resolveFrom, withMap, type Manifest, type ManifoldIndex, type SeedChoice, type SeedRecord } from './manifest';
import { isLabelFree } from './recipes';
import { FAITHFUL, manifoldStory, type ManifoldStory, type ValidationStory } from './seed-story';

/**
 * Which seed a manifold ships and which manifold the page shows first, decided on validation
 * digits only (never on held-out figures, which would inflate what they report).
 */

/** A seed's validation score: grounded step accuracy in its weaker direction, with the dynamics it kept. */
export function validationScore(manifest: Pick<SeedRecord, 'dynamics_stages'>): { forward: number; backward: number; worse: number } {
  const kept = manifest.dynamics_stages.find((s) => s.kept) ?? manifest.dynamics_stages.at(-1);
  if (!kept) throw new Error('the seed records no dynamics stage');
  return { forward: kept.validation_forward, backward: kept.validation_backward, worse: Math.min(kept.validation_forward, kept.validation_backward) };
}

/** The seed that counts best on validation in its weaker direction (ties: the lower seed). */
export function chooseSeed<S extends SeedRecord>(seeds: readonly S[]): { chosen: S; choices: SeedChoice[] } {
  if (seeds.length === 0) throw new Error('no trained seed to choose from');
  const sorted = [...seeds].sort((a, b) => a.seed - b.seed);
  let chosen = sorted[0]!;
  for (const m of sorted) if (validationScore(m).worse > validationScore(chosen).worse) chosen = m;
  const choices = sorted.map((m) => {
    const v = validationScore(m);
    return { seed: m.seed, validation_forward: v.forward, validation_backward: v.backward, ...(m.validation_story ? { story: m.validation_story } : {}), chosen: m === chosen };
  });
  return { chosen, choices };
}

/** A seed's record re-based from its seed-<n> folder to the manifold's folder above it; it must have its map. */
export function manifoldManifest(record: SeedRecord, choices: SeedChoice[]): Manifest {
  const chosen = withMap(record, `seed-${record.seed}/seed.json`);
  const at = (p: string) => resolveFrom(`seed-${chosen.seed}`, p);
  const models = Object.fromEntries(Object.entries(chosen.models).map(([k, v]) => [k, { ...v, path: at(v.path) }])) as Manifest['models'];
  return {
    ...chosen,
    models,
    ...(chosen.judge ? { judge: { path: at(chosen.judge.path) } } : {}),
    digits: {
      training: {
        ...chosen.digits.training,
        file: at(chosen.digits.training.file),
        ...(chosen.digits.training.latents ? { latents: at(chosen.digits.training.latents) } : {}),
      },
      heldOut: { ...chosen.digits.heldOut, file: at(chosen.digits.heldOut.file) },
    },
    map: { ...chosen.map, positions: at(chosen.map.positions), labels: at(chosen.map.labels), heldOutPositions: at(chosen.map.heldOutPositions) },
    seeds: choices,
  };
}

/**
 * The default manifold, by the seed's whole story (issue 23): a manifold is seed-faithful when its
 * encoder reads no label, it counts >= 0.95 both ways, its ungrounded rollouts count at least 0.3
 * below grounded ones, and counting crosses 0.5 only at |u| >= 0.75, each the worst of its seeds
 * on validation digits. The faithful one that counts best is the default; with none, the one whose
 * WORST seed counts best, and the reason says which clause each label-free manifold misses and by
 * how much. `grounding` names the manifold the grounding step shows: the default if its rollouts
 * drift, else the label-free one that counts best among those that drift.
 */
export function chooseDefault(manifolds: ReadonlyArray<Pick<Manifest, 'manifold' | 'recipe' | 'signal' | 'seed' | 'seeds'>>): ManifoldIndex {
  if (manifolds.length === 0) throw new Error('no manifold to choose a default from');
  const rows = manifolds.map((m) => {
    const seeds = m.seeds ?? [];
    const stories = seeds.map((s) => s.story).filter((s): s is ValidationStory => s !== undefined);
    return {
      id: m.manifold,
      recipe: m.recipe,
      signal: m.signal,
      seed: m.seed,
      validation_worst: Math.min(...seeds.map((s) => Math.min(s.validation_forward, s.validation_backward))),
      // Only a manifold measured on every seed has a story to judge.
      story: stories.length === seeds.length ? manifoldStory(isLabelFree(m.recipe), stories) : null,
    };
  });
  const seedsOf = (id: string) => (manifolds.find((m) => m.manifold === id)!.seeds ?? []).length;
  const bestOf = (list: typeof rows) => list.reduce((a, b) => (b.validation_worst > a.validation_worst ? b : a));
  const faithful = rows.filter((r) => r.story !== null && r.story.fails.length === 0);
  const drifts = (r: (typeof rows)[number]) => r.story !== null && r.story.gap >= FAITHFUL.gap;
  const describe = (s: ManifoldStory) => `counts ${s.step}, ungrounded ${s.gap} below, crosses 0.5 at |u| = ${s.crossing}`;
  let best: (typeof rows)[number];
  let reason: string;
  if (faithful.length > 0) {
    best = bestOf(faithful);
    reason = `seed-faithful on validation digits, worst of its ${seedsOf(best.id)} seeds: label-free, ${describe(best.story!)}`;
  } else {
    best = bestOf(rows);
    const misses = rows
      .filter((r) => r.story === null || r.story.label_free)
      .map((r) => `${r.id} ${r.story === null ? 'was not measured on every seed' : r.story.fails.join('; ')}`)
      .join('; ');
    const others = rows.filter((r) => r !== best).map((r) => `${r.id} ${r.validation_worst}`).join(', ');
    reason = `no manifold is seed-faithful on validation digits (${misses}); so the default counts best in the weaker direction, worst of its ${seedsOf(best.id)} seeds: ${best.validation_worst}${others ? ` (against ${others})` : ''}`;
  }
  const drifting = rows.filter(drifts);
  const labelFreeDrifting = drifting.filter((r) => r.story!.label_free);
  const grounding = drifts(best) ? best : labelFreeDrifting.length > 0 ? bestOf(labelFreeDrifting) : drifting.length > 0 ? bestOf(drifting) : null;
  if (grounding) reason += `; the grounding step shows ${grounding.id} (ungrounded ${grounding.story!.gap} below grounded)`;
  else reason += '; no manifold drifts without grounding by the rule (0.3 below grounded)';
  return {
    version: 1,
    default: best.id,
    reason,
    ...(grounding ? { grounding: grounding.id } : {}),
    manifolds: rows,
  };
}
