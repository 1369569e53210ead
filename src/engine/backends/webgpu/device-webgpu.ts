/**
 * WebGPU path: ONE GPUDevice, created here, shared by tfjs (WebGPUBackend registered as 'webgpu')
 * and three.js (WebGPURenderer). Sharing the device is what lets tensors reach three's buffers
 * with a GPU copy instead of a round trip through the CPU (see bridge-webgpu.ts).
 *
 * Importing this module imports @tensorflow/tfjs-backend-webgpu, which registers a 'webgpu'
 * factory with priority 3 as a side effect; `installTfBackend` replaces that factory.
 */
import { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { WebGPURenderer } from 'three/webgpu';
import { ErrorListeners, assertTfBackendFree, installTfBackend, uninstallTfBackend, type GpuLoss, type GpuStackBase } from '../device-shared';

/** tfjs's own priority for 'webgpu' (tfjs-backend-webgpu/dist/base.js): keep backend choice unchanged. */
const TFJS_WEBGPU_PRIORITY = 3;

export interface WebGPUStack extends GpuStackBase {
  readonly path: 'webgpu';
  readonly adapterInfo: GPUAdapterInfo;
  /** True on software adapters (SwiftShader): fine for correctness, far too slow for big N. */
  readonly isFallbackAdapter: boolean;
  readonly device: GPUDevice;
  readonly renderer: WebGPURenderer;
  readonly tfBackend: WebGPUBackend;
}

export interface WebGPUStackOptions {
  powerPreference?: GPUPowerPreference;
  /** Passed to three's renderer; MSAA costs a lot on software devices. */
  antialias?: boolean;
  /**
   * A sketch's own renderer: tfjs then runs on its device (instead of one made here), and dispose
   * leaves the renderer and the device alone. It must be a WebGPU one, not three's WebGL2 fallback.
   */
  renderer?: WebGPURenderer;
}

/** The device of a caller's renderer, initialised if it was not yet. */
async function adoptRenderer(renderer: WebGPURenderer): Promise<GPUDevice> {
  await renderer.init();
  const backend = renderer.backend as { isWebGPUBackend?: boolean; device?: GPUDevice | null };
  if (backend.isWebGPUBackend !== true || !backend.device) {
    throw new Error('this WebGPURenderer runs on its WebGL2 fallback: pass a THREE.WebGLRenderer (or a canvas) instead');
  }
  return backend.device;
}

/**
 * Limits we raise to what the adapter offers. The first two let big particle batches live in one
 * buffer/binding (the defaults are 256 MiB / 128 MiB); the others are the ones tfjs's own factory
 * raises (tfjs-backend-webgpu/dist/base.js) so its kernels pick the same workgroup shapes.
 */
const RAISED_LIMITS = [
  'maxBufferSize',
  'maxStorageBufferBindingSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeWorkgroupsPerDimension',
  'maxComputeWorkgroupSizeX',
  'maxComputeInvocationsPerWorkgroup',
] as const;

async function requestSharedDevice(powerPreference: GPUPowerPreference): Promise<{ adapter: GPUAdapter; device: GPUDevice }> {
  if (typeof navigator === 'undefined' || navigator.gpu === undefined) throw new Error('WebGPU is not available (navigator.gpu is missing)');
  const adapter = await navigator.gpu.requestAdapter({ powerPreference });
  if (adapter === null) throw new Error('WebGPU: requestAdapter() returned null');
  const requiredLimits: Record<string, number> = {};
  for (const name of RAISED_LIMITS) requiredLimits[name] = adapter.limits[name];
  // Every feature the adapter has, as three does when it makes its own device
  // (three/src/renderers/webgpu/WebGPUBackend.js init()): three turns on paths by feature
  // ('core-features-and-limits' decides compatibility mode, 'float32-filterable', ...) and tfjs
  // wants 'timestamp-query' for profiling.
  const requiredFeatures = [...adapter.features] as GPUFeatureName[];
  const device = await adapter.requestDevice({ label: 'latentflow shared device', requiredFeatures, requiredLimits });
  return { adapter, device };
}

/** Creates the shared device, registers tfjs's 'webgpu' backend on it and three's renderer on `canvas`. */
export async function createWebGPUStack(canvas: HTMLCanvasElement, options: WebGPUStackOptions = {}): Promise<WebGPUStack> {
  assertTfBackendFree('webgpu');
  const adopted = options.renderer;
  const { device, info } = adopted
    ? await adoptRenderer(adopted).then((d) => ({ device: d, info: d.adapterInfo }))
    : await requestSharedDevice(options.powerPreference ?? 'high-performance').then(({ adapter, device: d }) => ({ device: d, info: adapter.info }));
  const errors = new ErrorListeners();
  let disposing = false;

  // Attached before three sees the device. three adds its own `device.lost.then(...)` (which calls
  // renderer.onDeviceLost) and ASSIGNS `device.onuncapturederror`, replacing any handler set that
  // way; listeners added with addEventListener survive that assignment.
  const lost = new Promise<GpuLoss>((resolve) => {
    void device.lost.then((info) => {
      // Our own dispose destroys the device too; a destroy() from anywhere else (a drill, a
      // sketch) takes the device away as surely as a driver reset, so it is a loss.
      if (disposing) return;
      const loss: GpuLoss = { path: 'webgpu', reason: info.reason, message: info.message };
      errors.emit(`WebGPU device lost (${loss.reason}): ${loss.message}`);
      resolve(loss);
    });
  });
  device.addEventListener('uncapturederror', (event) => {
    errors.emit(`WebGPU ${event.error.constructor.name}: ${event.error.message}`);
  });

  const tfBackend = new WebGPUBackend(device, info);
  let installed = false;
  let renderer: WebGPURenderer | undefined;
  try {
    await installTfBackend('webgpu', tfBackend, TFJS_WEBGPU_PRIORITY);
    installed = true;
    renderer = adopted ?? new WebGPURenderer({ canvas, device, antialias: options.antialias ?? false });
    await renderer.init();
    // With a device passed in, three should never take its WebGL2 fallback; if it did, the two
    // libraries would no longer share memory and the bridge would be wrong, so refuse.
    if ((renderer.backend as { isWebGPUBackend?: boolean }).isWebGPUBackend !== true) {
      throw new Error('three.js WebGPURenderer fell back to WebGL2 despite the shared device');
    }
  } catch (e) {
    disposing = true;
    if (installed) uninstallTfBackend('webgpu');
    if (!adopted) {
      renderer?.dispose();
      device.destroy();
    }
    throw e;
  }

  const readyRenderer = renderer;
  return {
    path: 'webgpu',
    canvas,
    tfBackendName: 'webgpu',
    adapterInfo: info,
    isFallbackAdapter: info.isFallbackAdapter ?? false,
    device,
    renderer: readyRenderer,
    tfBackend,
    lost,
    onError: (listener) => errors.add(listener),
    provokeLoss: () => device.destroy(),
    dispose() {
      if (disposing) return;
      disposing = true;
      uninstallTfBackend('webgpu');
      // A sketch's renderer and its device are the sketch's to dispose.
      if (adopted) return;
      readyRenderer.dispose();
      device.destroy();
    },
  };
}
