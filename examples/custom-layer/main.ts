// latentflow drawing on its own canvas, driven by its own frame loop, with one layer of the sketch's
// own added to its list. Nothing here handles a lost GPU: the flow restarts itself, layer and all.
import { createLatentFlow, flowParams, FrameLoop, type PathName } from 'latentflow';
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

// The engine's loop: requestAnimationFrame, wall-clock steps, at most two frames queued on the GPU.
const loop = new FrameLoop(flow, {
  draw: ({ delta }) => {
    flow.update(params, delta);
    flow.render();
  },
});
loop.onFrame(({ frame }) => {
  if (frame === 2) document.documentElement.dataset.ready = '1';
});
loop.start();
Object.assign(window, { sketch: { flow, rings, params, frames: () => loop.clock.frame } });
