import type { ManifoldIndex } from '../model/manifest';

/**
 * Which manifold the page loads: the one asked for with ?manifold= when the index ships it,
 * else the index's default, with a notice that names what is shipped.
 */
export function pickManifold(index: ManifoldIndex, requested: string | null): { id: string; notice: string | null } {
  if (requested === null) return { id: index.default, notice: null };
  const ids = index.manifolds.map((m) => m.id as string);
  if (ids.includes(requested)) return { id: requested, notice: null };
  return {
    id: index.default,
    notice: `No manifold named "${requested}" is shipped (${ids.join(', ')}); showing ${index.default}.`,
  };
}
