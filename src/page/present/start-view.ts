/**
 * The view the page starts with: defaults < preset (?preset=) < query parameters < URL hash.
 * A preset of another scene, or one that names another manifold, redirects to its own page.
 * `base` is the view without the hash: the hash the page writes is the difference from it, so a
 * reload of the written URL gives the same view.
 */
import { decodeHash, type StateKey } from '../../spec/codec';
import { needsOwnPage, sceneLink } from './scene-link';
import { loadPreset, presetView, type Preset } from './presets';
import { cloneState, defaultState, type AppState, type LaunchOptions } from '../../spec/spec';
import { parseUrlState } from '../../spec/url';

export interface StartView {
  state: AppState;
  base: AppState;
  launch: LaunchOptions;
  /** The view fields the query gave, which also win over every story step's preset. */
  patch: Partial<AppState>;
  preset: Preset | null;
  notices: string[];
  /** Where to go instead when ?preset= names a view of another scene (the rotation scene). */
  redirect: string | null;
}

export async function startView(search: string, hash: string): Promise<StartView> {
  const url = parseUrlState(search);
  const notices = [...url.notices];
  const { launch } = url;
  let base = defaultState();
  let preset: Preset | null = null;
  let presetFields: string[] = [];
  let redirect: string | null = null;
  if (launch.preset !== null) {
    const loaded = await loadPreset(launch.preset);
    notices.push(...loaded.notices);
    preset = loaded.preset;
    if (preset !== null && needsOwnPage(preset, launch.manifold, false)) {
      redirect = sceneLink(preset);
      preset = null;
    }
    if (preset !== null) {
      const view = presetView(preset);
      notices.push(...view.notices);
      base = view.state;
      presetFields = view.applied;
    }
  }
  base = cloneState({ ...base, ...url.patch });
  const fromHash = decodeHash(hash, base);
  notices.push(...fromHash.notices);
  const given = new Set<StateKey | string>([...presetFields, ...fromHash.applied]);
  // A count written in a preset or the hash is where the page starts, like ?particles=.
  if (given.has('particles')) launch.particlesPinned = true;
  const state = fromHash.state;
  if (launch.backend === null && state.backend !== 'auto') launch.backend = state.backend;
  return { state, base, launch, patch: url.patch, preset, notices, redirect };
}
