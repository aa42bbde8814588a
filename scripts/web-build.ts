/**
 * npm run web:build: builds the console into web/dist with Vite. With --if-stale (what `npm start` runs), it
 * builds only when the console's sources changed since the last build, so a second start costs nothing. Every
 * script and stylesheet is gzipped beside itself once here, so that the server sends a fifth of the bytes without
 * compressing on each request (api/src/http/console.ts).
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { gzipSync } from "node:zlib";

const WEB = path.resolve(__dirname, "../web");
const STAMP = path.join(WEB, "dist", ".source-hash");

function sourceHash(): string {
  const h = createHash("sha256");
  const visit = (p: string): void => {
    if (statSync(p).isDirectory()) {
      for (const name of readdirSync(p).sort()) visit(path.join(p, name));
    } else {
      h.update(path.relative(WEB, p)).update(readFileSync(p));
    }
  };
  for (const p of ["src", "index.html", "vite.config.mts", "../package-lock.json", "../scripts/web-build.ts"]) visit(path.join(WEB, p));
  return h.digest("hex");
}

function main(): void {
  const hash = sourceHash();
  if (process.argv.includes("--if-stale") && existsSync(STAMP) && readFileSync(STAMP, "utf8") === hash) return;
  console.log("Building the web console (web/dist)…");
  // Vite's CLI in its own process: loaded through tsx's require hook, Vite resolves its own modules wrongly.
  const vite = path.join(path.dirname(require.resolve("vite/package.json")), "bin/vite.js");
  // Always React's production build: under vitest (NODE_ENV=test, the browser tests' global setup) Vite would
  // otherwise bundle React's development build, and `npm start` would then serve that same stale-checked dist.
  execFileSync(process.execPath, [vite, "build", WEB, "--logLevel", "warn"], { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  const assets = path.join(WEB, "dist", "assets");
  for (const name of readdirSync(assets).filter((n) => /\.(?:js|css)$/.test(n))) {
    const file = path.join(assets, name);
    writeFileSync(`${file}.gz`, gzipSync(readFileSync(file), { level: 9 }));
  }
  writeFileSync(STAMP, hash);
}

main();
