/**
 * Laying a preset over the running view, as story mode, the autopilot and the panel's preset
 * picker all do: the preset over the default view, the query's fields over that (?bloom=0 wins
 * everywhere), machine fields carried over unless the preset sets them, then the camera glides
 * and u ramps into it.
 */
import type { Director } from './director';
import { presetView, type Preset } from './presets';
import { cloneState, defaultState, type AppState } from '../../spec/spec';

/** Fields that describe the machine more than the view: kept unless a preset sets them. */
const CARRIED: readonly (keyof AppState)[] = ['particles', 'adaptive', 'targetFps', 'backend'];

export interface PresetTarget {
  state: AppState;
  /** The view fields the query gave: laid over every preset. */
  patch: Partial<AppState>;
  director: Director;
}

/** Applies `preset`, gliding over `transition` seconds; returns the notices of its bad fields. */
export function applyPreset(preset: Preset, target: PresetTarget, transition: number): string[] {
  const { state, patch, director } = target;
  const view = presetView(preset, defaultState());
  const next = cloneState({ ...view.state, ...patch });
  for (const key of CARRIED) if (!view.applied.includes(key) && !(key in patch)) (next as unknown as Record<string, unknown>)[key] = state[key];
  Object.assign(state, next);
  director.restart(transition);
  return view.notices;
}
