// latentflow drawing on its own canvas, with one layer of the sketch's own added to its list.
import { createLatentFlow, flowParams, type PathName } from 'latentflow';
import { createDecodedRings } from './decoded-rings';

const canvas = document.querySelector('canvas')!;
const backend = (new URLSearchParams(location.search).get('backend') as PathName | null) ?? 'auto';
const flow = await createLatentFlow({ canvas, assets: '', backend });
flow.resize(devicePixelRatio);
addEventListener('resize', () => flow.resize(devicePixelRatio));

const rings = createDecodedRings(flow);
flow.layers.add(rings);
// Near u = 0 the particles settle into attractor basins: the rings show which digit each holds.
// flowParams fills in the defaults and freezes the result: the engine only ever reads it.
const params = flowParams({ u: 0.2, rollouts: 0 });

let frames = 0;
let last = performance.now();
const frame = (now: number) => {
  flow.update(params, Math.min((now - last) / 1000, 0.1));
  flow.render();
  last = now;
  if (++frames === 3) document.documentElement.dataset.ready = '1';
  requestAnimationFrame(frame);
};
requestAnimationFrame(frame);
Object.assign(window, { sketch: { flow, rings, params, frames: () => frames } });
