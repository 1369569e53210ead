/**
 * WebGPU in Node through Dawn (the npm package `webgpu`, a prebuilt dawn.node), and tfjs's webgpu
 * backend on the device it gives. `webgpu` unpacks to 132 MB, so it is not a dependency of the
 * project: `npm run gpu:install` puts it in tools/gpu/node_modules, and the GPU kit carries
 * dawn.node for linux-x64 alone (LATENTFLOW_WEBGPU names its index.js there).
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface DawnModule {
  create(flags: string[]): GPU;
  globals: Record<string, unknown>;
}

export interface DawnDevice {
  adapter: GPUAdapter;
  device: GPUDevice;
  /** What the adapter says it is, as plain fields (GPUAdapterInfo's are getters). */
  info: { vendor: string; architecture: string; device: string; description: string; software: boolean };
  /** The Vulkan ICD file Dawn was pointed at, when one was (SwiftShader here). */
  icd: string | null;
}

export const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');
const TOOLS_WEBGPU = join(REPO_ROOT, 'tools', 'gpu', 'node_modules', 'webgpu', 'index.js');
/** Where Debian's chromium keeps SwiftShader's Vulkan ICD: a software adapter for CI. */
export const SWIFTSHADER_ICDS = ['/usr/lib/chromium/vk_swiftshader_icd.json', '/usr/lib/chromium-browser/vk_swiftshader_icd.json'];

async function importDawn(): Promise<DawnModule> {
  const candidates = [process.env.LATENTFLOW_WEBGPU, TOOLS_WEBGPU].filter((p): p is string => p !== undefined && p !== '');
  for (const file of candidates) {
    if (existsSync(file)) return (await import(pathToFileURL(file).href)) as DawnModule;
  }
  try {
    // A user may have installed `webgpu` beside the project; the specifier is a variable so no
    // bundler or type check insists on it.
    const name = 'webgpu';
    return (await import(name)) as DawnModule;
  } catch {
    throw new Error(`WebGPU for Node is not installed: run \`npm run gpu:install\` (it puts the \`webgpu\` package in tools/gpu), or set LATENTFLOW_WEBGPU to its index.js (looked in ${candidates.join(', ')})`);
  }
}

function plainInfo(info: GPUAdapterInfo, software: boolean): DawnDevice['info'] {
  return { vendor: info.vendor, architecture: info.architecture, device: info.device, description: info.description, software };
}

/**
 * A Dawn adapter and device. Without `allowSoftware` only a hardware adapter will do. With it, when
 * Vulkan finds no driver, Dawn is pointed at SwiftShader's ICD (VK_ICD_FILENAMES must be set before
 * dawn.node loads, so this is decided before the import).
 */
export async function openDawn(options: { allowSoftware: boolean; powerPreference?: GPUPowerPreference }): Promise<DawnDevice> {
  const icd = chooseVulkanDriver(options.allowSoftware);
  const dawn = await importDawn();
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create([]);
  // tfjs-backend-webgpu refuses to start unless navigator.gpu exists (Node 20 has no navigator).
  const scope = globalThis as { navigator?: { gpu?: GPU } };
  if (scope.navigator === undefined) scope.navigator = { gpu };
  else Object.defineProperty(scope.navigator, 'gpu', { value: gpu, configurable: true });
  const adapter = await gpu.requestAdapter({ powerPreference: options.powerPreference ?? 'high-performance' });
  if (adapter === null) {
    throw new Error(`Dawn found no WebGPU adapter (Vulkan ICD: ${icd ?? 'the system default'}). On Linux it needs libvulkan.so.1 and a Vulkan driver; ${options.allowSoftware ? 'SwiftShader ships with Debian\'s chromium package' : 'pass --allow-software to accept SwiftShader'}`);
  }
  const software = /swiftshader|llvmpipe|software/i.test(`${adapter.info.vendor} ${adapter.info.architecture} ${adapter.info.device} ${adapter.info.description}`) || (icd !== null && /swiftshader/i.test(icd));
  if (software && !options.allowSoftware) throw new Error(`only a software adapter was found (${adapter.info.description || adapter.info.vendor}); pass --allow-software to use it`);
  const device = await adapter.requestDevice({
    requiredFeatures: adapter.features.has('timestamp-query') ? ['timestamp-query'] : [],
    requiredLimits: {
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      maxBufferSize: adapter.limits.maxBufferSize,
      maxComputeWorkgroupStorageSize: adapter.limits.maxComputeWorkgroupStorageSize,
      maxComputeInvocationsPerWorkgroup: adapter.limits.maxComputeInvocationsPerWorkgroup,
      maxComputeWorkgroupSizeX: adapter.limits.maxComputeWorkgroupSizeX,
    },
  });
  return { adapter, device, info: plainInfo(adapter.info, software), icd };
}

/**
 * The Vulkan ICD Dawn will use: the one VK_ICD_FILENAMES / VK_DRIVER_FILES name, else (with
 * `allowSoftware`, when no hardware driver is installed) SwiftShader's, which it sets in the
 * environment. Call it on the main thread before any worker opens Dawn: a worker's process.env is
 * its own copy and never reaches the Vulkan loader.
 */
export function chooseVulkanDriver(allowSoftware: boolean): string | null {
  const named = process.env.VK_ICD_FILENAMES ?? process.env.VK_DRIVER_FILES ?? null;
  if (named !== null || !allowSoftware || hasHardwareVulkanDriver()) return named;
  const icd = SWIFTSHADER_ICDS.find((f) => existsSync(f)) ?? null;
  if (icd !== null) process.env.VK_ICD_FILENAMES = icd;
  return icd;
}

/** True when a Vulkan ICD other than a software one is in the usual places (an NVIDIA driver, say). */
function hasHardwareVulkanDriver(): boolean {
  const dirs = ['/usr/share/vulkan/icd.d', '/etc/vulkan/icd.d', '/usr/local/share/vulkan/icd.d', '/usr/local/nvidia/share/vulkan/icd.d'];
  return dirs.some((d) => existsSync(d) && readdirSync(d).some((f) => f.endsWith('.json') && !/swiftshader|lvp|llvmpipe/i.test(f)));
}

/** Makes tfjs compute on `device` through tfjs-backend-webgpu (registered as 'webgpu-dawn'). */
export async function useWebGpuBackend(device: GPUDevice): Promise<void> {
  const { WebGPUBackend } = await import('@tensorflow/tfjs-backend-webgpu');
  // The package registers a 'webgpu' factory that asks navigator.gpu for its own device; ours
  // hands it the Dawn device, so FusedField and tfjs share buffers as on the page.
  if (tf.engine().registryFactory.webgpu !== undefined) tf.removeBackend('webgpu');
  tf.registerBackend('webgpu', () => new WebGPUBackend(device), 3);
  if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs: the webgpu backend failed to initialise on the Dawn device');
  await tf.ready();
}
