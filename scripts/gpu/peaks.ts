/**
 * Peak fp32 throughput of GPUs the bench may meet, from the vendors' datasheets (non-tensor FP32,
 * boost clock), matched against the adapter's description. Unknown GPUs report no share.
 */
interface Peak {
  pattern: RegExp;
  name: string;
  gflops: number;
  source: string;
}

const PEAKS: Peak[] = [
  { pattern: /H200/i, name: 'NVIDIA H200 SXM', gflops: 67_000, source: 'NVIDIA H200 Tensor Core GPU datasheet: FP32 67 TFLOPS (SXM)' },
  { pattern: /H100.*PCIe/i, name: 'NVIDIA H100 PCIe', gflops: 51_000, source: 'NVIDIA H100 datasheet: FP32 51 TFLOPS (PCIe)' },
  { pattern: /H100/i, name: 'NVIDIA H100 SXM', gflops: 67_000, source: 'NVIDIA H100 datasheet: FP32 67 TFLOPS (SXM)' },
  { pattern: /A100/i, name: 'NVIDIA A100', gflops: 19_500, source: 'NVIDIA A100 datasheet: FP32 19.5 TFLOPS' },
  { pattern: /L40S/i, name: 'NVIDIA L40S', gflops: 91_600, source: 'NVIDIA L40S datasheet: FP32 91.6 TFLOPS' },
  { pattern: /\bL4\b/i, name: 'NVIDIA L4', gflops: 30_300, source: 'NVIDIA L4 datasheet: FP32 30.3 TFLOPS' },
  { pattern: /\bT4\b/i, name: 'NVIDIA T4', gflops: 8_100, source: 'NVIDIA T4 datasheet: FP32 8.1 TFLOPS' },
  { pattern: /RTX 4090/i, name: 'NVIDIA GeForce RTX 4090', gflops: 82_600, source: 'NVIDIA Ada whitepaper: FP32 82.6 TFLOPS' },
];

export function knownPeak(description: string): { name: string; gflops: number; source: string } | null {
  const hit = PEAKS.find((p) => p.pattern.test(description));
  return hit === undefined ? null : { name: hit.name, gflops: hit.gflops, source: hit.source };
}
