/**
 * Choosing the Vulkan driver Dawn loads (src/model/node/vulkan-driver.ts) on fake ICD folders: the
 * system's drivers are asked for an adapter first, and a folder full of driver files is no device.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decideVulkanDriver, type ProbeResult } from '../../src/model/node/vulkan-driver';

/** A fake loader folder holding `files`, and a fake SwiftShader ICD beside it. */
function fakeMachine(files: string[]): { icdDirs: string[]; swiftshader: string } {
  const root = mkdtempSync(join(tmpdir(), 'latentflow-icd-'));
  const dir = join(root, 'usr', 'share', 'vulkan', 'icd.d');
  mkdirSync(dir, { recursive: true });
  for (const f of files) writeFileSync(join(dir, f), '{"file_format_version": "1.0.0"}');
  const swiftshader = join(root, 'vk_swiftshader_icd.json');
  writeFileSync(swiftshader, '{}');
  return { icdDirs: [dir, join(root, 'etc', 'vulkan', 'icd.d')], swiftshader };
}

const MESA = ['intel_icd.x86_64.json', 'intel_hasvk_icd.x86_64.json', 'radeon_icd.x86_64.json', 'lvp_icd.x86_64.json'];
const NONE: ProbeResult = { adapter: null, log: 'Warning: Vulkan shaderUniform*ArrayDynamicIndexing required.' };
const NVIDIA: ProbeResult = { adapter: { vendor: 'nvidia', architecture: 'hopper', device: '', description: 'NVIDIA H200', software: false }, log: '' };
const LAVAPIPE: ProbeResult = { adapter: { vendor: 'mesa', architecture: '', device: '', description: 'llvmpipe (LLVM 15.0.6, 256 bits)', software: true }, log: '' };

describe('choosing the Vulkan driver for Dawn', () => {
  it("falls back to SwiftShader when Mesa's driver files are installed but give no adapter, and says why", () => {
    const m = fakeMachine([...MESA, 'README.txt']);
    let asked = 0;
    const choice = decideVulkanDriver({ named: null, allowSoftware: true, icdDirs: m.icdDirs, swiftshaderIcds: ['/nowhere/icd.json', m.swiftshader], probe: () => (asked++, NONE) });
    expect(asked).toBe(1);
    expect(choice.driver).toBe('swiftshader');
    expect(choice.icd).toBe(m.swiftshader);
    expect(choice.systemIcds).toEqual([...MESA].sort());
    expect(choice.reason).toContain('lvp_icd.x86_64.json');
    expect(choice.reason).toContain('gave no adapter');
    expect(choice.reason).toContain('shaderUniform*ArrayDynamicIndexing');
  });

  it("keeps the system's driver when it gives a hardware adapter", () => {
    const m = fakeMachine(['nvidia_icd.json', ...MESA]);
    const choice = decideVulkanDriver({ named: null, allowSoftware: true, icdDirs: m.icdDirs, swiftshaderIcds: [m.swiftshader], probe: () => NVIDIA });
    expect(choice.driver).toBe('system');
    expect(choice.icd).toBeNull();
    expect(choice.reason).toContain('NVIDIA H200');
  });

  it('asks for an adapter even with no driver files in the usual folders (a loader may find one elsewhere)', () => {
    const m = fakeMachine([]);
    const choice = decideVulkanDriver({ named: null, allowSoftware: false, icdDirs: m.icdDirs, swiftshaderIcds: [m.swiftshader], probe: () => NVIDIA });
    expect(choice.driver).toBe('system');
    expect(choice.systemIcds).toEqual([]);
  });

  it("takes the system's software adapter when software is allowed", () => {
    const m = fakeMachine(MESA);
    const choice = decideVulkanDriver({ named: null, allowSoftware: true, icdDirs: m.icdDirs, swiftshaderIcds: [m.swiftshader], probe: () => LAVAPIPE });
    expect(choice.driver).toBe('system');
    expect(choice.reason).toContain('software adapter');
  });

  it('with hardware required, refuses a CPU adapter and no adapter alike, naming the drivers asked', () => {
    const m = fakeMachine(MESA);
    const base = { named: null, allowSoftware: false, icdDirs: m.icdDirs, swiftshaderIcds: [m.swiftshader] };
    expect(() => decideVulkanDriver({ ...base, probe: () => LAVAPIPE })).toThrow(/no hardware GPU adapter.*only a software adapter \(mesa llvmpipe/);
    expect(() => decideVulkanDriver({ ...base, probe: () => NONE })).toThrow(/no hardware GPU adapter: the system's Vulkan drivers \(intel_hasvk_icd.*\) gave no adapter/);
  });

  it('says what is missing when neither the system nor SwiftShader has a driver', () => {
    const m = fakeMachine(MESA);
    expect(() => decideVulkanDriver({ named: null, allowSoftware: true, icdDirs: m.icdDirs, swiftshaderIcds: ['/nowhere/vk_swiftshader_icd.json'], probe: () => NONE })).toThrow(
      /gave no adapter.*SwiftShader's Vulkan ICD is not installed \(looked for \/nowhere\/vk_swiftshader_icd.json/,
    );
  });

  it('uses the driver VK_ICD_FILENAMES names without probing', () => {
    const m = fakeMachine(MESA);
    const choice = decideVulkanDriver({
      named: '/opt/nvidia_icd.json',
      allowSoftware: false,
      icdDirs: m.icdDirs,
      swiftshaderIcds: [m.swiftshader],
      probe: () => {
        throw new Error('must not probe');
      },
    });
    expect(choice).toMatchObject({ driver: 'named', icd: '/opt/nvidia_icd.json' });
  });
});
