import { execFileSync } from "node:child_process";
import path from "node:path";
import { ensureTemplate } from "./database";
import { clearFailureReports } from "./failure-report";

const ROOT = path.resolve(__dirname, "../..");

/**
 * Runs once before any test file: the PGlite template every test database is copied from, and the console the
 * browser tests (test/web/, in the PGlite pass) open, built when its sources changed.
 */
export default async function setup(): Promise<void> {
  // Only the PGlite pass runs the browser tests, whose failures are reported there; the later passes keep them.
  if (process.env.DATABASE_URL) return;
  clearFailureReports();
  await ensureTemplate();
  execFileSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/web-build.ts"), "--if-stale"], { cwd: ROOT, stdio: "inherit" });
}
