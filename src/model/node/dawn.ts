/**
 * WebGPU in Node through Dawn (the npm package `webgpu`, a prebuilt dawn.node), and tfjs's webgpu
 * backend on the device it gives. `webgpu` unpacks to 132 MB, so it is not a dependency of the
 * project: `npm run gpu:install` puts it in tools/gpu/node_modules, and the GPU kit carries
 * dawn.node for linux-x64 alone (LATENTFLOW_WEBGPU names its index.js there).
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chooseVulkanDriver, isSoftwareAdapter, type VulkanChoice } from './vulkan-driver';

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
  /** Which Vulkan driver runs and why (src/model/node/vulkan-driver.ts). */
  driver: VulkanChoice;
}

export const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');
const TOOLS_WEBGPU = join(REPO_ROOT, 'tools', 'gpu', 'node_modules', 'webgpu', 'index.js');

/** The `webgpu` package's index.js: LATENTFLOW_WEBGPU, tools/gpu's install, or one beside the project. */
function dawnModulePath(): string {
  const candidates = [process.env.LATENTFLOW_WEBGPU, TOOLS_WEBGPU].filter((p): p is string => p !== undefined && p !== '');
  const found = candidates.find((file) => existsSync(file));
  if (found !== undefined) return found;
  try {
    return createRequire(import.meta.url).resolve('webgpu');
  } catch {
    throw new Error(`WebGPU for Node is not installed: run \`npm run gpu:install\` (it puts the \`webgpu\` package in tools/gpu), or set LATENTFLOW_WEBGPU to its index.js (looked in ${candidates.join(', ')})`);
  }
}

/**
 * Chooses the Vulkan driver for this process before anything loads Dawn (see vulkan-driver.ts);
 * call it on the main thread before starting workers that open Dawn.
 */
export function chooseDawnDriver(allowSoftware: boolean, powerPreference?: GPUPowerPreference): VulkanChoice {
  return chooseVulkanDriver({ allowSoftware, dawnModule: dawnModulePath(), powerPreference });
}

function plainInfo(info: GPUAdapterInfo, software: boolean): DawnDevice['info'] {
  return { vendor: info.vendor, architecture: info.architecture, device: info.device, description: info.description, software };
}

/**
 * A Dawn adapter and device. Without `allowSoftware` only a hardware adapter will do. With it, when
 * the system's Vulkan drivers give no adapter, Dawn runs on SwiftShader's ICD.
 */
export async function openDawn(options: { allowSoftware: boolean; powerPreference?: GPUPowerPreference }): Promise<DawnDevice> {
  const driver = chooseDawnDriver(options.allowSoftware, options.powerPreference);
  const dawn = (await import(pathToFileURL(dawnModulePath()).href)) as DawnModule;
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create([]);
  // tfjs-backend-webgpu refuses to start unless navigator.gpu exists (Node 20 has no navigator).
  const scope = globalThis as { navigator?: { gpu?: GPU } };
  if (scope.navigator === undefined) scope.navigator = { gpu };
  else Object.defineProperty(scope.navigator, 'gpu', { value: gpu, configurable: true });
  const adapter = await gpu.requestAdapter({ powerPreference: options.powerPreference ?? 'high-performance' });
  if (adapter === null) throw new Error(`Dawn found no WebGPU adapter on the driver chosen: ${driver.reason}`);
  const text = `${adapter.info.vendor} ${adapter.info.architecture} ${adapter.info.device} ${adapter.info.description}`;
  const fallback = (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter === true || driver.driver === 'swiftshader';
  const software = isSoftwareAdapter(text, fallback);
  if (software && !options.allowSoftware) throw new Error(`only a software adapter was found (${adapter.info.description || adapter.info.vendor}; ${driver.reason}); drop --require-hardware to use it`);
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
  return { adapter, device, info: plainInfo(adapter.info, software), icd: driver.icd ?? process.env.VK_ICD_FILENAMES ?? null, driver };
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
