/**
 * npm run build: the platform as plain JavaScript in dist/, for `npm ci --omit=dev && npm run start:prod` on a
 * machine without tsx, Hardhat's compiler or Prisma's CLI. tsc compiles api/src/main.ts and everything it
 * imports (the generated Prisma client included); what the code reads from disk beside itself is copied to the
 * same place relative to the compiled files: the contracts' artifacts, the migrations, the built console
 * (web/dist, which `npm run build` builds first) and the PGlite worker thread's entry.
 */
import { execFileSync } from "node:child_process";
import { cpSync, rmSync } from "node:fs";
import path from "node:path";
import { ARTIFACTS_DIR } from "../chain/evm/artifacts";
import { MIGRATIONS_DIR, SCHEMA_FILE } from "../api/src/db/database";
import { CONSOLE_DIR } from "../api/src/http/console";
import { PGLITE_WORKER_ENTRY } from "../api/src/db/pglite-thread";

const ROOT = path.resolve(__dirname, "..");
const DIST = path.join(ROOT, "dist");
const inDist = (file: string) => path.join(DIST, path.relative(ROOT, file));

rmSync(DIST, { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(ROOT, "tsconfig.build.json")], { stdio: "inherit" });
for (const source of [ARTIFACTS_DIR, MIGRATIONS_DIR, SCHEMA_FILE, CONSOLE_DIR, PGLITE_WORKER_ENTRY]) cpSync(source, inDist(source), { recursive: true });
console.log(`Built ${path.relative(ROOT, DIST)}/: start it with npm run start:prod`);
