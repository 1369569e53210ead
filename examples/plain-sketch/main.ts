// A plain three.js sketch: its own renderer, scene, lights and camera, with latentflow's group in it.
import * as THREE from 'three';
import { createLatentFlow } from 'latentflow';

const renderer = new THREE.WebGLRenderer({ antialias: true });
renderer.setPixelRatio(Math.min(2, devicePixelRatio));
renderer.setSize(innerWidth, innerHeight);
document.body.append(renderer.domElement);

const scene = new THREE.Scene();
scene.background = new THREE.Color(0x101418);
const camera = new THREE.PerspectiveCamera(50, innerWidth / innerHeight, 0.01, 100);
scene.add(new THREE.HemisphereLight(0xbfd4ff, 0x202030, 1.5));
const sun = new THREE.DirectionalLight(0xffffff, 2.5);
sun.position.set(3, 4, 2);
scene.add(sun);

// The sketch's own lit geometry beside latentflow's: a slow cage around the map.
const cage = new THREE.Mesh(new THREE.IcosahedronGeometry(1.9, 1), new THREE.MeshStandardMaterial({ color: 0x5577ff, wireframe: true }));
scene.add(cage);

// tfjs shares the renderer's WebGL2 context: particles go from the model to the screen on the GPU.
const flow = await createLatentFlow({ renderer, assets: '', controls: false });
scene.add(flow.group);

let frames = 0;
const clock = new THREE.Clock();
renderer.setAnimationLoop(() => {
  const dt = Math.min(clock.getDelta(), 0.1);
  const t = clock.elapsedTime;
  camera.position.set(Math.sin(t * 0.1) * 4.2, 1.4, Math.cos(t * 0.1) * 4.2);
  camera.lookAt(0, 0, 0);
  cage.rotation.y = t * 0.05;
  // Only what this sketch sets; the rest are the defaults, the particle count is the engine's own.
  flow.update({ u: Math.cos(t * 0.25) }, dt, camera); // counts forward, rests, counts backward
  renderer.render(scene, camera);
  if (++frames === 3) document.documentElement.dataset.ready = '1';
});

addEventListener('resize', () => {
  renderer.setSize(innerWidth, innerHeight);
  camera.aspect = innerWidth / innerHeight;
  camera.updateProjectionMatrix();
});
Object.assign(window, { sketch: { flow, frames: () => frames } });
