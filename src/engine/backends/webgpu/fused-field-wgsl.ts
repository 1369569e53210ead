/**
 * WGSL of the fused field kernel, generated for one model's layer shapes and one tile size.
 *
 * Generated rather than a static .wgsl file because the layer list (the projector's depth and
 * widths) comes from the shipped model: every layer becomes a block with its sizes and weight
 * offsets as constants, so the compiler sees fixed trip counts and keeps accumulators in registers.
 *
 * One workgroup = 256 invocations = one tile of T particles (T a multiple of 4). Activations live
 * in workgroup memory as `act[unit * Q + quad]`, a vec4 holding one unit of four particles
 * (Q = T / 4 quads), so a dense layer reads one weight (shared by the whole tile) and one vec4
 * (a broadcast: all invocations of a quad read the same address) per 4 multiply-adds. A layer of
 * OUT units gives invocation `tid` the unit `tid % OUT` and quads `tid / OUT + G i` (G groups of
 * OUT invocations): each layer computes into registers, waits at a barrier, then overwrites `act`,
 * so one activation tile serves every layer. Only z' (state) and the packed vec4 reach memory.
 *
 * Bindings: group 0 = packed weights + step parameters (shared by every dispatch); group 1 = one
 * segment's state rows (dim floats each), meta rows (label, age, fresh, spare) and output rows
 * (x, y, z, w). The segment's row count is arrayLength(meta), so no per-dispatch uniform exists.
 */
import { WORKGROUP_SIZE, type PackedLayer, type WeightLayout } from './fused-field-plan';

interface LayerCode {
  layer: PackedLayer;
  /** Workgroup array holding the layer's input. */
  source: 'zt' | 'act';
  /** Inputs looped over (the first dynamics layer skips its u row, folded into the bias). */
  inputs: number;
  uRow: boolean;
  /** What the write phase does with the accumulators. */
  write: 'act' | 'euler';
}

function u(n: number): string {
  return `${n}u`;
}

function denseBlock({ layer, source, inputs, uRow, write }: LayerCode, quads: number): string {
  const out = layer.outputs;
  const groups = Math.min(quads, Math.floor(WORKGROUP_SIZE / out));
  const perThread = Math.ceil(quads / groups);
  const active = out * groups;
  const quad = (i: number) => (i === 0 ? 'g' : `g + ${u(groups * i)}`);
  // With Q not a multiple of G the last accumulator of some invocations has no quad: it reads a
  // valid one (clamped) and skips its write, keeping every read in bounds.
  const ragged = (i: number) => i === perThread - 1 && quads % groups !== 0;
  const readQuad = (i: number) => (ragged(i) ? `min(${quad(i)}, ${u(quads - 1)})` : quad(i));
  const acc = Array.from({ length: perThread }, (_, i) => i);
  const bias = uRow ? `W[${u(layer.bias)} + j] + P.u * W[${u(layer.weights + inputs * out)} + j]` : `W[${u(layer.bias)} + j]`;
  const store = (i: number): string => {
    const q = quad(i);
    const a = layer.relu ? `max(a${i}, vec4<f32>(0.0))` : `a${i}`;
    const body =
      write === 'act'
        ? `act[j * Q + ${q}] = ${a};`
        : `let zn = zt[j * Q + ${q}] + P.dt * a${i};
        zt[j * Q + ${q}] = zn;
        act[j * Q + ${q}] = a${i};
        for (var c = 0u; c < 4u; c++) {
          let r = first + 4u * (${q}) + c;
          if (r < rows) { Z[r * DIM + j] = zn[c]; }
        }`;
    return ragged(i) ? `if (${q} < Q) { ${body} }` : `{ ${body} }`;
  };
  return `
  {
    let j = tid % ${u(out)};
    let g = tid / ${u(out)};
    ${acc.map((i) => `var a${i} = vec4<f32>(0.0);`).join(' ')}
    if (tid < ${u(active)}) {
      let b = ${bias};
      ${acc.map((i) => `a${i} = vec4<f32>(b);`).join(' ')}
      for (var k = 0u; k < ${u(inputs)}; k++) {
        let w = W[${u(layer.weights)} + k * ${u(out)} + j];
        ${acc.map((i) => `a${i} += ${source}[k * Q + ${readQuad(i)}] * w;`).join('\n        ')}
      }
    }
    workgroupBarrier();
    if (tid < ${u(active)}) {
      ${acc.map(store).join('\n      ')}
    }
    workgroupBarrier();
  }`;
}

export function fusedFieldWgsl(layout: WeightLayout, tile: number): string {
  if (tile % 4 !== 0 || tile <= 0 || tile > WORKGROUP_SIZE) throw new RangeError(`tile must be a positive multiple of 4 up to ${WORKGROUP_SIZE}, got ${tile}`);
  const quads = tile / 4;
  const { dim } = layout;
  const blocks: string[] = [];
  layout.dynamics.forEach((layer, i) => {
    const last = i === layout.dynamics.length - 1;
    blocks.push(denseBlock({ layer, source: i === 0 ? 'zt' : 'act', inputs: i === 0 ? dim : layer.inputs, uRow: i === 0, write: last ? 'euler' : 'act' }, quads));
  });
  const speed = `
  // |v|^2 of this invocation's particle, read from act before the projector overwrites it.
  var speed2 = 0.0;
  if (tid < T) {
    for (var k = 0u; k < DIM; k++) {
      let v = act[k * Q + tid / 4u][tid % 4u];
      speed2 += v * v;
    }
  }`;
  const projector = layout.projector.map((layer, i) =>
    denseBlock({ layer, source: i === 0 ? 'zt' : 'act', inputs: layer.inputs, uRow: false, write: 'act' }, quads),
  );
  return /* wgsl */ `
const T = ${u(tile)};
const Q = ${u(quads)};
const DIM = ${u(dim)};

struct Params {
  u: f32,
  dt: f32,
  // 2 x the reference speed: w carries |v| / speedScale as the speed share.
  speedScale: f32,
  spare: f32,
}

@group(0) @binding(0) var<storage, read> W: array<f32>;
@group(0) @binding(1) var<uniform> P: Params;
@group(1) @binding(0) var<storage, read_write> Z: array<f32>;
@group(1) @binding(1) var<storage, read_write> M: array<vec4<f32>>;
@group(1) @binding(2) var<storage, read_write> O: array<vec4<f32>>;

var<workgroup> act: array<vec4<f32>, ${u(layout.widest * quads)}>;
var<workgroup> zt: array<vec4<f32>, ${u(dim * quads)}>;

// By bits: a compiler may assume x == x for floats, but the NaN guard must see real NaNs.
fn isNan(x: f32) -> bool {
  return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u;
}

@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(
  @builtin(local_invocation_index) tid: u32,
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
) {
  let rows = arrayLength(&M);
  let first = (wid.x + wid.y * groups.x) * T;
  if (first >= rows) { return; }

  for (var i = tid; i < DIM * Q; i += ${u(WORKGROUP_SIZE)}) {
    let k = i / Q;
    let q = i % Q;
    var v = vec4<f32>(0.0);
    for (var c = 0u; c < 4u; c++) {
      let r = first + 4u * q + c;
      if (r < rows) { v[c] = Z[r * DIM + k]; }
    }
    zt[k * Q + q] = v;
  }
  var info = vec4<f32>(0.0);
  if (tid < T && first + tid < rows) { info = M[first + tid]; }
  workgroupBarrier();
${blocks.join('\n')}
${speed}
${projector.join('\n')}

  if (tid < T && first + tid < rows) {
    let q = tid / 4u;
    let c = tid % 4u;
    let share = sqrt(speed2) / P.speedScale;
    let shown = select(clamp(share, 0.0, 0.999), 0.0, isNan(share));
    let w = select(info.x + shown, -1.0, info.z > 0.5);
    O[first + tid] = vec4<f32>(act[q][c], act[Q + q][c], act[2u * Q + q][c], w);
    M[first + tid] = vec4<f32>(info.x, info.y + 1.0, 0.0, info.w);
  }
}
`;
}
