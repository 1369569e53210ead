/** Links between the scenes: a preset of the rotation scene opens that scene, inside a talk or not. */
import type { Preset } from './presets';

/** The address of a preset of another scene, inside a talk (1-based step) or on its own. */
export function sceneLink(preset: Preset, talk?: string, index?: number): string {
  const query = new URLSearchParams({ scene: preset.scene, preset: preset.name });
  // Launch parameters (backend, assets, ...) travel with the presenter; the view's own do not.
  for (const [key, value] of new URLSearchParams(location.search)) if (!['scene', 'preset', 'talk', 'step', 'autopilot'].includes(key)) query.append(key, value);
  if (talk !== undefined && index !== undefined) {
    query.set('talk', talk);
    query.set('step', String(index + 1));
  }
  return `${location.pathname}?${query.toString()}`;
}
