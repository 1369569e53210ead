/**
 * latentflow: a learned latent dynamics model on MNIST, made visible and playable. The page is
 * the scene app (src/page/boot.ts); this file only starts it and catches what it cannot.
 */
import { boot } from './boot';
import { showFatal } from './chrome/notices';

const root = document.getElementById('app');
if (root === null) throw new Error('index.html has no #app element');
boot(root).catch((e: unknown) => {
  const error = e instanceof Error ? e : new Error(String(e));
  showFatal(error.message, error.stack);
  console.error(error);
});
