/**
 * The rotation scene's panel, by the page's conventions: a lil-gui titled "settings", folded to
 * its title bar on stage. It sets the manifold on the map, the held-out digit (or another of a
 * class), the degrees per step, the steps and re-grounding, and leaves for the counting scene.
 */
import GUI from 'lil-gui';
import type { RotationScene, RotationSceneManifold } from '../../model/rotation-scene';
import { ROTATION_VIEW_LIMITS, type RotationView } from '../../spec/rotation-view';
import type { TalkReturn } from './talk-return';

export function addRotationPanel(view: RotationView, scene: { manifolds: readonly { info: RotationSceneManifold }[]; starts: RotationScene['starts'] }, talk: TalkReturn | null, refresh: () => void): GUI {
  // A short title: collapsed on stage, the bar is all there is, at stage type size.
  const gui = new GUI({ title: 'settings' });
  const names = Object.fromEntries(scene.manifolds.map((m) => [m.info.title, m.info.id]));
  gui.add(view, 'manifold', names).name('map of').onChange(refresh).listen();
  gui.add(view, 'digit', 0, scene.starts.count - 1, 1).name('held-out digit').onFinishChange(refresh).listen();
  // Shows the class of the digit on view; choosing a class picks one of its held-out digits.
  const pick = {
    get of(): number {
      return scene.starts.labels[view.digit]!;
    },
    set of(d: number) {
      const rows = [...scene.starts.labels.keys()].filter((i) => scene.starts.labels[i] === d);
      if (rows.length > 0) view.digit = rows[Math.floor(Math.random() * rows.length)]!;
    },
  };
  gui.add(pick, 'of', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]).name('another digit of class').onChange(refresh).listen();
  gui.add(view, 'degrees', ...ROTATION_VIEW_LIMITS.degrees, 0.5).name('degrees per step').onFinishChange(refresh).listen();
  gui.add(view, 'steps', ...ROTATION_VIEW_LIMITS.steps, 1).name('steps').onFinishChange(refresh).listen();
  gui.add(view, 'grounded').name('re-ground each step').onChange(refresh).listen();
  const links = gui.addFolder('leave');
  links.add({ go: () => location.assign(`${location.pathname}`) }, 'go').name('back to the counting scene');
  if (talk !== null) links.add({ go: () => location.assign(talk.next) }, 'go').name('next talk step (n)');
  // On stage the panel is its title bar; a click (or the page's controls) opens it.
  gui.close();
  return gui;
}
