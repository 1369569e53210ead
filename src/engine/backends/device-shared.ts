/**
 * What both GPU paths share: the stack types the app sees and the way a tfjs backend built on our
 * own device/context replaces tfjs's default one under the usual name.
 */
import * as tf from '@tensorflow/tfjs';

export type GpuPath = 'webgpu' | 'webgl';

/** Why the GPU went away. Never reported for a deliberate `dispose()`. */
export interface GpuLoss {
  path: GpuPath;
  /** WebGPU's `GPUDeviceLostInfo.reason` ('unknown'), or 'context-lost' for WebGL. */
  reason: string;
  message: string;
}

/** One GPU (device or context) shared by tfjs and three.js, created once at start-up. */
export interface GpuStackBase {
  readonly path: GpuPath;
  readonly canvas: HTMLCanvasElement;
  /** The tfjs backend name registered on the shared device; it is also made the active backend. */
  readonly tfBackendName: GpuPath;
  /**
   * Resolves once if the device/context is lost. three's own hook (`renderer.onDeviceLost`) is
   * three's business; this one is ours and stays whatever three assigns.
   */
  readonly lost: Promise<GpuLoss>;
  /** Calls `listener` on every uncaptured GPU error (WebGPU) or context loss; returns an unsubscribe. */
  onError(listener: (message: string) => void): () => void;
  /** Takes the device/context away as a driver reset would (tests and drills); `lost` then resolves. */
  provokeLoss(): void;
  /** Frees the renderer and the tfjs backend, then the device/context. */
  dispose(): void;
}

/**
 * Makes `backend` THE tfjs backend called `name` and activates it.
 *
 * tfjs registers lazy factories for 'webgl' (and 'webgpu' once @tensorflow/tfjs-backend-webgpu is
 * imported) that would create their own context/device; we replace the factory, keep the kernels
 * (they are registered per name, not per factory) and the default priority, so nothing else about
 * backend choice changes.
 *
 * Throws if that backend was already initialised: removing it would silently dispose every tensor
 * (model weights included) living on it. Create the stack before using tfjs on that backend.
 * On any failure `backend` is disposed and nothing stays registered under `name`.
 */
export async function installTfBackend(name: GpuPath, backend: tf.KernelBackend, priority: number): Promise<void> {
  try {
    assertTfBackendFree(name);
  } catch (e) {
    backend.dispose();
    throw e;
  }
  if (tf.findBackendFactory(name) !== null) tf.removeBackend(name);
  tf.registerBackend(name, () => backend, priority);
  try {
    if (!(await tf.setBackend(name))) throw new Error(`tfjs could not activate backend '${name}'`);
    await tf.ready();
  } catch (e) {
    tf.removeBackend(name);
    backend.dispose();
    throw e;
  }
}

/** Throws if tfjs already runs a backend called `name`; call before creating any GPU object. */
export function assertTfBackendFree(name: GpuPath): void {
  if (tf.engine().registry[name] !== undefined) {
    throw new Error(`tfjs backend '${name}' is already initialised; create the shared GPU stack before any tfjs work on it`);
  }
}

/** Removes our backend registration (disposing the backend and the tensors on it). */
export function uninstallTfBackend(name: GpuPath): void {
  if (tf.findBackendFactory(name) !== null) tf.removeBackend(name);
}

/** A small fan-out for error listeners; the stacks differ only in what feeds it. */
export class ErrorListeners {
  private readonly listeners = new Set<(message: string) => void>();

  add(listener: (message: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(message: string): void {
    for (const listener of this.listeners) listener(message);
  }
}

/** Whether this browser offers the WebGPU API at all (an adapter may still be refused). */
export function hasWebGPU(): boolean {
  return typeof navigator !== 'undefined' && navigator.gpu !== undefined;
}
