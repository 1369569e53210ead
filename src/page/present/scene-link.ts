/**
 * Links between page loads: a preset of the rotation scene opens that scene, and a preset that
 * names its manifold opens the page on it (a manifold is loaded once per page), inside a talk or not.
 */
import type { Preset } from './presets';

/**
 * The address of `preset` in a fresh page, inside a talk (1-based step) or on its own. In a talk a
 * preset without a manifold goes back to the talk's (the page's default); on its own it keeps the
 * page's.
 */
export function sceneLink(preset: Preset, talk?: string, index?: number): string {
  const query = new URLSearchParams({ scene: preset.scene, preset: preset.name });
  const inTalk = talk !== undefined && index !== undefined;
  // Launch parameters (backend, assets, ...) travel with the presenter; the view's own do not.
  for (const [key, value] of new URLSearchParams(location.search)) if (!['scene', 'preset', 'talk', 'step', 'autopilot', 'manifold'].includes(key)) query.append(key, value);
  const manifold = preset.manifold ?? (inTalk ? null : new URLSearchParams(location.search).get('manifold'));
  if (manifold !== null) query.set('manifold', manifold);
  if (inTalk) {
    query.set('talk', talk);
    query.set('step', String(index + 1));
  }
  return `${location.pathname}?${query.toString()}`;
}

/** Whether `preset` can be shown on this page, or needs a page of its own (sceneLink). */
export function needsOwnPage(preset: Preset, pageManifold: string | null, inTalk: boolean): boolean {
  if (preset.scene !== 'counting') return true;
  if (preset.manifold !== null) return preset.manifold !== pageManifold;
  return inTalk && pageManifold !== null;
}
