/**
 * latentflow: a learned latent dynamics model on MNIST, made visible and playable. The page is
 * the scene app (src/page/boot.ts), or the rotation scene (src/page/rotation/) with ?scene=rotation;
 * this file only starts one and catches what it cannot.
 */
import { boot } from './boot';
import { showFatal } from './chrome/notices';

const root = document.getElementById('app');
if (root === null) throw new Error('index.html has no #app element');
// The rotation scene is its own page module, loaded only when asked for.
const start = new URLSearchParams(location.search).get('scene') === 'rotation' ? import('./rotation/rotation-page').then((m) => m.bootRotation(root)) : boot(root);
start.catch((e: unknown) => {
  const error = e instanceof Error ? e : new Error(String(e));
  showFatal(error.message, error.stack);
  console.error(error);
});
