import { cpus, totalmem, type as osType, release, arch } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import type { MachineInfo } from './types';

export function machineInfo(chromium: string, note: string): MachineInfo {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${osType()} ${release()} ${arch()}`,
    node: process.version,
    tfjs: tf.version.tfjs,
    chromium,
    note,
  };
}
