import { execFileSync } from "node:child_process";
import path from "node:path";
import { ensureTemplate } from "./database";

const ROOT = path.resolve(__dirname, "../..");

/**
 * Runs once before any test file: the PGlite template every test database is copied from, and the console the
 * browser tests (test/web/, in the PGlite pass) open, built when its sources changed.
 */
export default async function setup(): Promise<void> {
  if (process.env.DATABASE_URL) return;
  await ensureTemplate();
  execFileSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/web-build.ts"), "--if-stale"], { cwd: ROOT, stdio: "inherit" });
}
