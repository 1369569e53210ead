/**
 * The README's side-by-side results table is the one the eval report prints: no figure in it is
 * typed by hand, and every manifold the report measured has its column.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resultsTable, TABLE_END, TABLE_START, type ResultsReport } from '../../scripts/lib/results-table';

const report = JSON.parse(readFileSync('docs/eval/latest.json', 'utf8')) as ResultsReport;
const readme = readFileSync('README.md', 'utf8');

describe('the README results table', () => {
  it('is what npm run eval -- --table prints from docs/eval/latest.json', () => {
    const start = readme.indexOf(TABLE_START);
    const end = readme.indexOf(TABLE_END);
    expect(start, 'the README has the generated table').toBeGreaterThanOrEqual(0);
    expect(readme.slice(start, end + TABLE_END.length)).toBe(resultsTable(report).join('\n'));
  });

  it('has a column for every manifold, each with the ungrounded, crossing and off-manifold rows', () => {
    const table = resultsTable(report);
    for (const id of Object.keys(report.manifolds)) expect(table[1]).toContain(`\`${id}\``);
    for (const row of ['ungrounded step', 'crosses 0.5', 'crosses 0.9', 'off-manifold, grounded', 'off-manifold, ungrounded']) {
      expect(table.some((l) => l.includes(row))).toBe(true);
    }
  });

  it('puts the least favourable seed first: the lowest grounded step, the highest ungrounded one', () => {
    const one: ResultsReport = JSON.parse(JSON.stringify(report));
    const id = Object.keys(one.manifolds)[0]!;
    const seeds = Object.values(one.manifolds[id]!.seeds);
    seeds[0]!.rollouts.grounded.forward.step_accuracy = 0.5;
    seeds[0]!.rollouts.ungrounded.forward.step_accuracy = 0.99;
    const table = resultsTable(one);
    const column = Object.keys(one.manifolds).sort((a, b) => (a === one.default ? -1 : b === one.default ? 1 : a.localeCompare(b))).indexOf(id) + 1;
    const cellOf = (row: string) => table.find((l) => l.startsWith(`| ${row} |`))!.split(' | ')[column]!;
    expect(cellOf('grounded step, u = +1')).toMatch(/^\*\*0\.500\*\*/);
    expect(cellOf('ungrounded step, u = +1')).toMatch(/^\*\*0\.990\*\*/);
  });
});
