/**
 * The platform as a user runs it: `api/src/main.ts` in its own process (through the tsx CLI, like `npm start`),
 * on a free port, with a data directory of its own (PGlite in it, unless given a PostgreSQL database).
 * Optionally under V8's sampling profiler, whose profile the process writes when it exits cleanly on SIGINT, and
 * with the benchmark's tracers preloaded.
 */
import { spawn } from "node:child_process";
import { createWriteStream, readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { childOf, cpuTimes, type CpuTimes } from "./cpu";

const ROOT = path.join(__dirname, "../..");

export interface ServerProcess {
  baseUrl: string;
  /** The server's CPU times (the process tsx runs main.ts in), where /proc has them. */
  cpu: () => CpuTimes | undefined;
  logFile: string;
  /** SIGINT, then waits for the clean shutdown (which is when a CPU profile is written). */
  stop(): Promise<void>;
  /** The last lines the server printed, for an error message. */
  tail(lines?: number): string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export async function startServer(opts: {
  dataDir: string;
  logFile: string;
  cpuProfileDir?: string;
  /** A PostgreSQL database for the server instead of PGlite in the data directory, and the master key it needs. */
  database?: { url: string; masterKey: string };
  /** Where scripts/bench-api/db-trace.ts writes every SQL statement the server ran, at its exit. */
  dbTraceFile?: string;
  /** Where scripts/bench-api/stage-trace.ts writes the timings of a request's stages, at its exit. */
  stageTraceFile?: string;
  timeoutMs?: number;
}): Promise<ServerProcess> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // The benchmark measures the embedded default, whatever the caller's shell points at.
  const callerChoices = new Set(["DATABASE_URL", "CHAIN_RPC_URL", "CHAIN_CONTRACTS", "SCF_SEED"]);
  const env: NodeJS.ProcessEnv = {
    ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !callerChoices.has(name))),
    PORT: String(port),
    SCF_DATA_DIR: opts.dataDir,
    // The benchmark measures the platform's throughput, not the rate limiter: its clients, all on one address,
    // send far faster than the limits a person or an ERP gets (SCF_RATE_LIMIT and friends, in api/src/config.ts).
    SCF_RATE_LIMIT: "1000000",
    SCF_RATE_BURST: "1000000",
    SCF_ADDRESS_RATE_LIMIT: "1000000",
    SCF_ADDRESS_RATE_BURST: "1000000",
  };
  if (opts.database) {
    env.DATABASE_URL = opts.database.url;
    env.SCF_MASTER_KEY = opts.database.masterKey;
    env.SCF_SEED = "1"; // the benchmark signs in as the demo cast, which a server database does not get by default
  }
  // The tsx CLI hands Node's own flags to the process it runs main.ts in (NODE_OPTIONS may not carry --cpu-prof).
  const nodeFlags = opts.cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${opts.cpuProfileDir}`] : [];
  if (opts.dbTraceFile) {
    env.SCF_BENCH_DB_TRACE = opts.dbTraceFile;
    nodeFlags.push("--import", pathToFileURL(path.join(__dirname, "db-trace.ts")).href);
  }
  if (opts.stageTraceFile) {
    env.SCF_BENCH_STAGE_TRACE = opts.stageTraceFile;
    nodeFlags.push("--import", pathToFileURL(path.join(__dirname, "stage-trace.ts")).href);
  }
  const log = createWriteStream(opts.logFile, { flags: "a" });
  const child = spawn(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), ...nodeFlags, path.join(ROOT, "api/src/main.ts")], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const tail = (lines = 30) => {
    try {
      return readFileSync(opts.logFile, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
    } catch {
      return "";
    }
  };

  const deadline = Date.now() + (opts.timeoutMs ?? 300_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited with ${child.exitCode} before it was ready:\n${tail()}`);
    try {
      if ((await fetch(`${baseUrl}/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`The server was not ready in ${(opts.timeoutMs ?? 300_000) / 1000} s:\n${tail()}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  const serverPid = child.pid === undefined ? undefined : childOf(child.pid);
  return {
    baseUrl,
    cpu: () => (serverPid === undefined ? undefined : cpuTimes(serverPid)),
    logFile: opts.logFile,
    tail,
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGINT");
        const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
        await exited;
        clearTimeout(timer);
      }
      log.end();
    },
  };
}
