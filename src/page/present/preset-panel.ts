/**
 * The "presets" folder of the panel: pick a preset and the view glides into it in place; start a
 * talk or the gallery autopilot, which are page modes of their own (?talk=, ?autopilot=), so they
 * reload the page with the same launch parameters (backend, particle count).
 */
import type GUI from 'lil-gui';
import type { PresetIndex } from './presets';

export interface PresetPanelActions {
  choose(name: string): Promise<boolean>;
  /** Navigates to `search` (a query string), e.g. '?talk=latent-dynamics&backend=webgl'. */
  navigate(search: string): void;
}

const MODE_PARAMS = ['preset', 'talk', 'autopilot', 'dwell'];

/** The current query with its mode parameters replaced by `mode`. */
export function modeSearch(current: string, mode: Record<string, string>): string {
  const params = new URLSearchParams(current);
  for (const key of MODE_PARAMS) params.delete(key);
  for (const [key, value] of Object.entries(mode)) params.set(key, value);
  // `autopilot=` with no value reads as the default gallery; drop the '=' for a cleaner URL.
  return `?${params.toString().replace(/(^|&)autopilot=(&|$)/, '$1autopilot$2')}`;
}

export function addPresetFolder(gui: GUI, index: PresetIndex, current: string | null, actions: PresetPanelActions): GUI {
  const folder = gui.addFolder('presets');
  const pick = { preset: current !== null && index.presets.includes(current) ? current : '', talk: index.talks[0] ?? '' };
  if (index.presets.length > 0) {
    folder
      .add(pick, 'preset', ['', ...index.presets])
      .name('glide to preset')
      .onChange((name: string) => {
        if (name !== '') void actions.choose(name);
      });
  }
  if (index.talks.length > 0) {
    folder.add(pick, 'talk', index.talks).name('talk');
    const modes = {
      startTalk: () => actions.navigate(modeSearch(location.search, { talk: pick.talk })),
      autopilot: () => actions.navigate(modeSearch(location.search, { autopilot: pick.talk === 'gallery' ? '' : pick.talk })),
    };
    folder.add(modes, 'startTalk').name('present the talk (\u2190 \u2192)');
    folder.add(modes, 'autopilot').name('run it as a gallery autopilot');
  }
  folder.close();
  return folder;
}
