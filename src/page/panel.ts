/**
 * The lil-gui panel: every control writes straight into the app state object, and reads it back
 * each frame (listen), so keys and tests that change the state show up here too.
 */
import GUI from 'lil-gui';
import { LIMITS, type AppState } from '../spec/spec';

export interface PanelActions {
  stepOnce(): void;
  resetCamera(): void;
}

export function createPanel(state: AppState, actions: PanelActions, container?: HTMLElement): GUI {
  const gui = new GUI({ title: 'latentflow', container, width: 270 });
  const range = (key: keyof typeof LIMITS, step: number, name: string) =>
    gui.add(state, key, LIMITS[key][0], LIMITS[key][1], step).name(name).listen();

  const control = gui.addFolder('control');
  control.add(state, 'u', LIMITS.u[0], LIMITS.u[1], 0.01).name('u (\u2190 \u2192)').listen();
  control.add(state, 'dt', LIMITS.dt[0], 0.5, 0.005).name('dt per frame').listen();
  control.add(state, 'paused').name('pause (space)').listen();
  control.add(actions, 'stepOnce').name('step one frame (.)');

  gui.add(state, 'particles', LIMITS.particles[0], 1_000_000, 1024).name('particles').listen();
  gui.add(state, 'adaptive').name('adaptive budget').listen();
  range('targetFps', 1, 'target fps');
  range('lifetime', 0.25, 'lifetime (steps)');
  range('trail', 1, 'trail length');
  gui.add(state, 'colour', ['digit', 'speed']).name('colour (c)').listen();
  range('particleSize', 0.001, 'particle size');

  const rollouts = gui.addFolder('rollouts');
  rollouts.add(state, 'rollouts', LIMITS.rollouts[0], LIMITS.rollouts[1], 1).name('count').listen();
  rollouts.add(state, 'rolloutSteps', LIMITS.rolloutSteps[0], LIMITS.rolloutSteps[1], 1).name('steps').listen();
  rollouts.add(state, 'ungrounded').name('show ungrounded (g)').listen();

  const view = gui.addFolder('view');
  view.add(state, 'bloom', LIMITS.bloom[0], LIMITS.bloom[1], 0.05).name('bloom (b)').listen();
  view.add(state, 'clusters').name('digits + labels').listen();
  view.add(state, 'autoRotate').name('auto-rotate (a)').listen();
  view.add(actions, 'resetCamera').name('reset camera (r)');
  // On a small screen the open panel would cover the scene: start it folded.
  if (window.innerWidth < 900) gui.close();
  return gui;
}
