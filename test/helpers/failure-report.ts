/**
 * What a failed browser test saw, kept where CI can print it last: a run's output is long, and what CI shows of it
 * is its end (about 12 KB), while a test's own console lines scroll away with the rest. Each failure gets a file
 * of its own under `.test-failures/` (ignored by git), numbered in order; `.ci/run` prints the first (later steps
 * of a story often fail only because an earlier one did) after a failed `npm test`. The global setup empties the
 * directory before a run. Browser harnesses register here (test/helpers/browser.ts) and test/helpers/setup.ts
 * reports every open one when a test fails, so no test file has to remember to.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

const FAILURES_DIR = path.resolve(__dirname, "../../.test-failures");

/** Writes `details` under a heading naming the test, and says so on stderr too. */
function reportFailure(test: string, details: string): void {
  mkdirSync(FAILURES_DIR, { recursive: true });
  const name = `${new Date().toISOString().replace(/[:.]/g, "-")}-${process.pid}.txt`;
  writeFileSync(path.join(FAILURES_DIR, name), `===== ${test}\n${details}\n`);
  console.error(`${test}: what it saw\n${details}`);
}

const reporters = new Set<() => Promise<string>>();

/** Adds what a failed test in this file should report (an open console: its server and pages); returns its removal. */
export function onFailureReport(report: () => Promise<string>): () => void {
  reporters.add(report);
  return () => reporters.delete(report);
}

/** For a failed test: writes what every open reporter says, if any is open. */
export async function reportOpenConsoles(test: string): Promise<void> {
  if (!reporters.size) return;
  const reports = await Promise.all([...reporters].map((r) => r().catch((e: unknown) => `(the report failed: ${String(e)})`)));
  reportFailure(test, reports.join("\n\n"));
}

export function clearFailureReports(): void {
  rmSync(FAILURES_DIR, { recursive: true, force: true });
}
