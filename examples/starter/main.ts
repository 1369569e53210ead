// A latentflow sketch: a three.js renderer, scene and camera, latentflow's group in the scene, one loop.
import * as THREE from 'three';
import { BundleError, createLatentFlow } from 'latentflow';

const renderer = new THREE.WebGLRenderer({ antialias: true });
renderer.setPixelRatio(Math.min(2, devicePixelRatio));
renderer.setSize(innerWidth, innerHeight);
document.body.append(renderer.domElement);

const scene = new THREE.Scene();
scene.background = new THREE.Color(0x101418);
const camera = new THREE.PerspectiveCamera(50, innerWidth / innerHeight, 0.01, 100);

addEventListener('resize', () => {
  renderer.setSize(innerWidth, innerHeight);
  camera.aspect = innerWidth / innerHeight;
  camera.updateProjectionMatrix();
});

try {
  // The model bundle `npm run copy-models` put in public/latentflow/ (vite serves public/ at the root).
  // tfjs shares the renderer's WebGL2 context: particles go from the model to the screen on the GPU.
  const flow = await createLatentFlow({ renderer, assets: `${import.meta.env.BASE_URL}latentflow`, controls: false });
  scene.add(flow.group); // the map, particles, trails, rollouts

  let frames = 0;
  const timer = new THREE.Timer();
  renderer.setAnimationLoop((time) => {
    timer.update(time);
    const t = timer.getElapsed();
    camera.position.set(Math.sin(t * 0.1) * 4.2, 1.4, Math.cos(t * 0.1) * 4.2);
    camera.lookAt(0, 0, 0);
    // FlowParams: only what you set; the rest keep their defaults. u = cos: count forward, rest, count backward.
    flow.update({ u: Math.cos(t * 0.25) }, Math.min(timer.getDelta(), 0.1), camera);
    renderer.render(scene, camera);
    if (++frames === 3) document.documentElement.dataset.ready = '1';
  });
  Object.assign(window, { sketch: { flow, frames: () => frames } });
} catch (e) {
  // Most often: no models at assets (run `npm run copy-models`), or no WebGL2 on this browser.
  const message = document.createElement('pre');
  message.id = 'error';
  const hint = e instanceof BundleError ? '\n\nNo models there? Run: npm run copy-models -- path/to/latentflow' : '';
  message.textContent = `latentflow could not start:\n${e instanceof Error ? e.message : String(e)}${hint}`;
  document.body.append(message);
  document.documentElement.dataset.error = message.textContent;
}
