/** The bench's Markdown tables (scripts/bench/summary.ts) from the saved run docs/bench/latest.json: every row as wide as its header. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summaryLines } from '../../scripts/bench/summary';
import type { BenchResult } from '../../scripts/bench/types';

const saved = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'bench', 'latest.json'), 'utf8')) as BenchResult;
/** Cells of a Markdown table row (the pipes at both ends excluded). */
const cells = (row: string) => row.split('|').length - 2;

describe('the bench summary', () => {
  it('writes every table row with as many cells as its header, on every path (the WebGPU fused column empty elsewhere)', () => {
    const lines = summaryLines(saved);
    const tables: string[][] = [];
    lines.forEach((line, i) => {
      if (!line.startsWith('|')) return;
      if (!(lines[i - 1] ?? '').startsWith('|')) tables.push([]);
      tables.at(-1)!.push(line);
    });
    expect(tables.length).toBeGreaterThanOrEqual(2);
    expect(tables[0]![0]).toContain('fused (webgpu)');
    for (const table of tables) {
      const width = cells(table[0]!);
      for (const row of table) expect(cells(row), row).toBe(width);
    }
    // Rows of paths without a fused step leave its column empty rather than shifting the MLP into it.
    const webgl = tables[0]!.find((r) => r.startsWith('| webgl |') && !r.includes('skipped'))!;
    expect(webgl.split('|')[4]!.trim()).toBe('');
  });
});
