#!/usr/bin/env node
// Prints one line, `N passed, N failed`, from a vitest JSON report (reporter `json`).
//
//   node scripts/test-totals.mjs <results.json> [test.log] [exit-code-of-npm-test]
//
// failed = failed tests + test files that failed without a failing test (import errors, a throwing
// beforeAll: vitest marks those tests "skipped", which would otherwise read as no failure).
// If the JSON is missing or unreadable, falls back to vitest's "Tests  ..." summary line in the log;
// if that is missing too (e.g. typecheck failed, so vitest never ran), prints `0 passed, 1 failed`.
// Whenever the exit code says failure but nothing was counted as failed, failed is at least 1.
// Always exits 0 itself: the caller keeps npm test's exit code.
import { existsSync, readFileSync } from 'node:fs';

const [jsonPath, logPath, exitCodeArg] = process.argv.slice(2);
const exitCode = exitCodeArg === undefined ? 0 : Number(exitCodeArg);

function fromJson(path) {
  if (!path || !existsSync(path)) return null;
  try {
    const report = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof report.numPassedTests !== 'number' || typeof report.numFailedTests !== 'number') return null;
    let failed = report.numFailedTests;
    for (const file of report.testResults ?? []) {
      const failedAssertions = (file.assertionResults ?? []).filter((a) => a.status === 'failed').length;
      if (file.status === 'failed' && failedAssertions === 0) failed += 1;
    }
    if (report.success === false && failed === 0) failed = 1;
    return { passed: report.numPassedTests, failed };
  } catch {
    return null;
  }
}

function fromLog(path) {
  if (!path || !existsSync(path)) return null;
  // eslint-disable-next-line no-control-regex
  const text = readFileSync(path, 'utf8').replace(/\u001b\[[0-9;]*m/g, '');
  const lines = text.split(/\r?\n/).filter((l) => /^\s*Tests\s+\d/.test(l));
  const line = lines.at(-1);
  if (!line) return null;
  const count = (word) => Number(line.match(new RegExp(`(\\d+) ${word}`))?.[1] ?? 0);
  let failed = count('failed');
  const filesLine = text.split(/\r?\n/).filter((l) => /^\s*Test Files\s+\d/.test(l)).at(-1) ?? '';
  const failedFiles = Number(filesLine.match(/(\d+) failed/)?.[1] ?? 0);
  if (failedFiles > 0 && failed === 0) failed = failedFiles;
  return { passed: count('passed'), failed };
}

const totals = fromJson(jsonPath) ?? fromLog(logPath) ?? { passed: 0, failed: 1 };
if (exitCode !== 0 && totals.failed === 0) totals.failed = 1;
console.log(`${totals.passed} passed, ${totals.failed} failed`);
