/**
 * The panel's manifold switch: each manifold is its own model bundle, loaded at start-up, so
 * choosing another reloads the page with ?manifold= (keeping every other launch parameter).
 */
import type GUI from 'lil-gui';
import type { ManifoldIndex } from '../model/manifest';

export function manifoldSearch(current: string, id: string): string {
  const params = new URLSearchParams(current);
  params.set('manifold', id);
  return `?${params.toString()}`;
}

export function addManifoldControl(gui: GUI, index: ManifoldIndex, current: string, navigate: (search: string) => void): void {
  const names = Object.fromEntries(index.manifolds.map((m) => [`${m.recipe ?? m.id}${m.id === index.default ? ' (default)' : ''}`, m.id]));
  const pick = { manifold: current };
  gui
    .add(pick, 'manifold', names)
    .name('manifold (reloads)')
    .onChange((id: string) => {
      if (id !== current) navigate(manifoldSearch(location.search, id));
    });
}
