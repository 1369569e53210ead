/**
 * Which Vulkan driver Dawn loads, decided by asking for an adapter rather than by which ICD files
 * exist: Mesa's package installs ICD files for Intel, AMD and lavapipe on machines with no such
 * GPU (and this Mesa's lavapipe is too old for Dawn), and a driver file is not a device.
 *
 * The system's drivers are asked first, in a child process: the Vulkan loader reads
 * VK_ICD_FILENAMES once, when Dawn first loads, so this process must not load Dawn until the
 * choice is made. When they give no adapter (or, with hardware required, only a CPU one), the
 * choice falls to SwiftShader's ICD from Debian's chromium package, which this process then loads.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { basename } from 'node:path';

/** Where Debian's chromium keeps SwiftShader's Vulkan ICD: a software adapter for CI. */
export const SWIFTSHADER_ICDS = ['/usr/lib/chromium/vk_swiftshader_icd.json', '/usr/lib/chromium-browser/vk_swiftshader_icd.json'];
/** Where the Vulkan loader finds the system's drivers (NVIDIA's container toolkit uses the last). */
export const ICD_DIRS = ['/usr/share/vulkan/icd.d', '/etc/vulkan/icd.d', '/usr/local/share/vulkan/icd.d', '/usr/local/nvidia/share/vulkan/icd.d'];

export interface ProbedAdapter {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** A CPU implementation (SwiftShader, lavapipe/llvmpipe) or one that says it is a fallback. */
  software: boolean;
}

export interface ProbeResult {
  adapter: ProbedAdapter | null;
  /** Dawn's last words when it found none (its warnings say which driver it refused and why). */
  log: string;
}

export interface VulkanChoice {
  /** named: VK_ICD_FILENAMES / VK_DRIVER_FILES was set; system: the loader's own search; swiftshader: the fallback. */
  driver: 'named' | 'system' | 'swiftshader';
  /** The ICD file Dawn is pointed at, or null for the loader's own search. */
  icd: string | null;
  reason: string;
  /** The ICD files found in the loader's folders (names only), as asked about. */
  systemIcds: string[];
}

export interface ChoiceInput {
  named: string | null;
  allowSoftware: boolean;
  icdDirs: readonly string[];
  swiftshaderIcds: readonly string[];
  /** Asks the system's drivers (no VK_ICD_FILENAMES) for an adapter. */
  probe: () => ProbeResult;
}

export function isSoftwareAdapter(text: string, fallback: boolean): boolean {
  return fallback || /swiftshader|llvmpipe|lavapipe|software/i.test(text);
}

/** The ICD files in `dirs`, by name. */
export function listIcds(dirs: readonly string[]): string[] {
  return dirs.flatMap((d) => (existsSync(d) ? readdirSync(d).filter((f) => f.endsWith('.json')).sort() : []));
}

function describe(adapter: ProbedAdapter): string {
  return [adapter.vendor, adapter.architecture, adapter.description || adapter.device].filter((s) => s).join(' ') || 'an unnamed adapter';
}

/** The decision itself, with the probe and the folders passed in (unit-tested on fake folders). */
export function decideVulkanDriver(input: ChoiceInput): VulkanChoice {
  const systemIcds = listIcds(input.icdDirs);
  if (input.named !== null) return { driver: 'named', icd: input.named, reason: `VK_ICD_FILENAMES names ${input.named}`, systemIcds };
  const drivers = systemIcds.length > 0 ? `the system's Vulkan drivers (${systemIcds.join(', ')})` : 'the system (no Vulkan driver files found)';
  const { adapter, log } = input.probe();
  const dawnSaid = log ? ` (Dawn: ${log})` : '';
  if (adapter !== null && (!adapter.software || input.allowSoftware)) {
    return { driver: 'system', icd: null, reason: `${drivers} gave ${adapter.software ? 'a software adapter' : 'an adapter'}: ${describe(adapter)}`, systemIcds };
  }
  if (!input.allowSoftware) {
    const found = adapter === null ? `no adapter${dawnSaid}` : `only a software adapter (${describe(adapter)})`;
    throw new Error(`no hardware GPU adapter: ${drivers} gave ${found}; without --require-hardware, SwiftShader is used instead`);
  }
  const icd = input.swiftshaderIcds.find((f) => existsSync(f)) ?? null;
  if (icd === null) {
    throw new Error(`${drivers} gave no adapter${dawnSaid}, and SwiftShader's Vulkan ICD is not installed (looked for ${input.swiftshaderIcds.join(', ')}; Debian's chromium package ships it)`);
  }
  return { driver: 'swiftshader', icd, reason: `${drivers} gave no adapter${dawnSaid}; SwiftShader's ICD (${basename(icd)}) instead`, systemIcds };
}

// Runs in the child: loads Dawn with the environment as it is and reports the adapter it gets.
const PROBE_SOURCE = `
const { pathToFileURL } = await import('node:url');
const dawn = await import(pathToFileURL(process.argv[1]).href);
Object.assign(globalThis, dawn.globals);
const adapter = await dawn.create([]).requestAdapter({ powerPreference: process.argv[2] });
const info = adapter?.info;
process.stdout.write('\\n' + JSON.stringify(adapter ? { vendor: info.vendor ?? '', architecture: info.architecture ?? '', device: info.device ?? '', description: info.description ?? '', fallback: Boolean(adapter.isFallbackAdapter ?? info.isFallbackAdapter) } : null) + '\\n');
process.exit(0);
`;

/** Asks Dawn (`dawnModule`, its index.js) in a child process for an adapter on the system's drivers. */
export function probeSystemAdapter(dawnModule: string, powerPreference: GPUPowerPreference): ProbeResult {
  const env = { ...process.env };
  delete env.VK_ICD_FILENAMES;
  delete env.VK_DRIVER_FILES;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', PROBE_SOURCE, dawnModule, powerPreference], { encoding: 'utf8', env, timeout: 60_000 });
  const log = (child.stderr ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('at ') && !l.startsWith('- While') && !l.includes('XDG_RUNTIME_DIR'))
    .slice(-2)
    .join(' ')
    .slice(0, 300);
  const last = (child.stdout ?? '').trim().split('\n').at(-1) ?? '';
  if (child.status !== 0 || (!last.startsWith('{') && last !== 'null')) {
    return { adapter: null, log: log || `the probe exited with ${child.status ?? child.signal}` };
  }
  const raw = JSON.parse(last) as (Omit<ProbedAdapter, 'software'> & { fallback: boolean }) | null;
  if (raw === null) return { adapter: null, log };
  const { fallback, ...info } = raw;
  return { adapter: { ...info, software: isSoftwareAdapter(`${info.vendor} ${info.architecture} ${info.device} ${info.description}`, fallback) }, log: '' };
}

const CHOICE_ENV = 'LATENTFLOW_VK_CHOICE';

/**
 * The driver for this process (and the workers it starts), chosen once: later calls, and worker
 * threads, which inherit the environment, reuse the first choice instead of probing again. Sets
 * VK_ICD_FILENAMES when SwiftShader is chosen. Throws, with the reason, when nothing will do.
 */
export function chooseVulkanDriver(options: { allowSoftware: boolean; dawnModule: string; powerPreference?: GPUPowerPreference }): VulkanChoice {
  const text = process.env[CHOICE_ENV];
  const kept = text === undefined ? null : (JSON.parse(text) as VulkanChoice & { allowSoftware: boolean });
  if (kept !== null && kept.allowSoftware === options.allowSoftware) return kept;
  const named = process.env.VK_ICD_FILENAMES ?? process.env.VK_DRIVER_FILES ?? null;
  const choice = decideVulkanDriver({
    // Our own earlier SwiftShader choice is not the user naming a driver.
    named: kept?.driver === 'swiftshader' && named === kept.icd ? null : named,
    allowSoftware: options.allowSoftware,
    icdDirs: ICD_DIRS,
    swiftshaderIcds: SWIFTSHADER_ICDS,
    probe: () => probeSystemAdapter(options.dawnModule, options.powerPreference ?? 'high-performance'),
  });
  if (choice.driver === 'swiftshader') process.env.VK_ICD_FILENAMES = choice.icd!;
  process.env[CHOICE_ENV] = JSON.stringify({ ...choice, allowSoftware: options.allowSoftware });
  return choice;
}
