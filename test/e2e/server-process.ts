/** The real server as a child process (`npm start`'s entry point), on a free port and a data directory of its own. */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");

export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  /** SIGKILL: no handler runs, nothing is flushed that was not already. */
  kill(): Promise<void>;
  /** SIGINT, as Ctrl-C: resolves with the exit code. */
  interrupt(): Promise<number | null>;
}

/**
 * `settings` are environment variables of the test's choosing: by default the server runs on the embedded chain
 * and PGlite, whatever the test runner's own environment says.
 */
export async function startServer(dataDir: string, port: number, timeoutMs = 180_000, settings: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  // The test's polling and story come from one address faster than a person: the limits have tests of their own.
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), SCF_DATA_DIR: dataDir, SCF_ADDRESS_RATE_LIMIT: "100000", SCF_ADDRESS_RATE_BURST: "100000" };
  delete env.DATABASE_URL;
  delete env.CHAIN_RPC_URL;
  Object.assign(env, settings);
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "api/src/main.ts")], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited with ${child.exitCode}:\n${out}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`The server was not ready in ${timeoutMs} ms:\n${out}`);
    }
    try {
      if ((await fetch(`${url}/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  return {
    url,
    child,
    output: () => out,
    async kill() {
      child.kill("SIGKILL");
      await exited;
    },
    async interrupt() {
      child.kill("SIGINT");
      return exited;
    },
  };
}
