import { resolveFrom, type Manifest, type ManifoldIndex, type SeedChoice } from './manifest';

/**
 * Which seed a manifold ships and which manifold the page shows first, decided on validation
 * digits only (never on held-out figures, which would inflate what they report).
 */

/** A seed's validation score: grounded step accuracy in its weaker direction, with the dynamics it kept. */
export function validationScore(manifest: Pick<Manifest, 'dynamics_stages'>): { forward: number; backward: number; worse: number } {
  const kept = manifest.dynamics_stages.find((s) => s.kept) ?? manifest.dynamics_stages.at(-1);
  if (!kept) throw new Error('the seed records no dynamics stage');
  return { forward: kept.validation_forward, backward: kept.validation_backward, worse: Math.min(kept.validation_forward, kept.validation_backward) };
}

/** The seed that counts best on validation in its weaker direction (ties: the lower seed). */
export function chooseSeed(seeds: readonly Manifest[]): { chosen: Manifest; choices: SeedChoice[] } {
  if (seeds.length === 0) throw new Error('no trained seed to choose from');
  const sorted = [...seeds].sort((a, b) => a.seed - b.seed);
  let chosen = sorted[0]!;
  for (const m of sorted) if (validationScore(m).worse > validationScore(chosen).worse) chosen = m;
  const choices = sorted.map((m) => {
    const v = validationScore(m);
    return { seed: m.seed, validation_forward: v.forward, validation_backward: v.backward, chosen: m === chosen };
  });
  return { chosen, choices };
}

/** A seed's record re-based from its seed-<n> folder to the manifold's folder above it. */
export function manifoldManifest(chosen: Manifest, choices: SeedChoice[]): Manifest {
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
 * The default manifold: the one whose WORST seed counts best on validation (the targets are
 * worst-of-seeds figures, so the default must hold on every seed, not only its best).
 */
export function chooseDefault(manifolds: ReadonlyArray<Pick<Manifest, 'manifold' | 'recipe' | 'signal' | 'seed' | 'seeds'>>): ManifoldIndex {
  if (manifolds.length === 0) throw new Error('no manifold to choose a default from');
  const rows = manifolds.map((m) => ({
    id: m.manifold,
    recipe: m.recipe,
    signal: m.signal,
    seed: m.seed,
    validation_worst: Math.min(...(m.seeds ?? []).map((s) => Math.min(s.validation_forward, s.validation_backward))),
  }));
  const best = rows.reduce((a, b) => (b.validation_worst > a.validation_worst ? b : a));
  const others = rows.filter((r) => r !== best).map((r) => `${r.id} ${r.validation_worst}`).join(', ');
  return {
    version: 1,
    default: best.id,
    reason: `counts best on validation digits in the weaker direction, worst of its ${(manifolds.find((m) => m.manifold === best.id)!.seeds ?? []).length} seeds: ${best.validation_worst}${others ? ` (against ${others})` : ''}`,
    manifolds: rows,
  };
}
