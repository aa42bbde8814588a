/**
 * What a newcomer meets when `npm start` cannot start: one line that says what to do, no stack, exit code 1,
 * and nothing deployed or seeded first.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MAKE_ONE } from "../../api/src/keys/master-key";
import { SERVER_URL } from "../helpers/database";

const ROOT = path.resolve(__dirname, "../..");
const root = mkdtempSync(path.join(tmpdir(), "scf-start-"));
const listeners: Server[] = [];
afterAll(async () => {
  await Promise.all(listeners.map((s) => new Promise((r) => s.close(r))));
  rmSync(root, { recursive: true, force: true });
});

/** Runs `npm start`'s entry point to its exit, with only the given settings (and none of the caller's). */
function start(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const caller = new Set(["DATABASE_URL", "CHAIN_RPC_URL", "SCF_MASTER_KEY", "PORT", "SCF_SEED"]);
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !caller.has(name)));
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "api/src/main.ts")], {
    cwd: ROOT,
    env: { ...inherited, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, output })));
}

async function busyPort(): Promise<number> {
  const s = createServer();
  listeners.push(s);
  await new Promise<void>((r) => s.listen(0, r));
  return (s.address() as { port: number }).port;
}

function expectOneLine(run: { code: number | null; output: string }, message: string) {
  expect(run.code).toBe(1);
  expect(run.output.trim().split("\n")).toEqual([`[scf] could not start: ${message}`]);
}

const serverUrl = new URL(SERVER_URL);
const host = serverUrl.hostname;
const port = serverUrl.port || "5432";

describe("npm start, when it cannot start", () => {
  it("when the port is taken, then it says so before deploying or seeding anything", async () => {
    const taken = await busyPort();
    const dataDir = path.join(root, "busy-port");
    const run = await start({ PORT: String(taken), SCF_DATA_DIR: dataDir });
    expectOneLine(run, `port ${taken} is in use: stop what listens there, or start with PORT=<another port>`);
    expect(existsSync(dataDir)).toBe(false);
  }, 60_000);

  it("when DATABASE_URL names a database that does not exist, then it names it and the createdb command", async () => {
    const name = `scf_missing_${randomBytes(4).toString("hex")}`;
    const url = new URL(SERVER_URL);
    url.pathname = `/${name}`;
    const run = await start({ PORT: "0", SCF_DATA_DIR: path.join(root, "no-db"), DATABASE_URL: url.href, SCF_MASTER_KEY: "11".repeat(32) });
    const user = url.username ? ` -U ${decodeURIComponent(url.username)}` : "";
    expectOneLine(
      run,
      `database "${name}" does not exist on ${host}:${port}: create it with \`createdb -h ${host} -p ${port}${user} ${name}\`, or point DATABASE_URL at one that does`,
    );
  }, 60_000);

  it("when a database server is set but no master key, then it says how to make one, before touching the database", async () => {
    const url = new URL(SERVER_URL);
    url.pathname = `/scf_never_${randomBytes(4).toString("hex")}`; // never reached: the key is checked first
    const run = await start({ PORT: "0", SCF_DATA_DIR: path.join(root, "no-key"), DATABASE_URL: url.href });
    expectOneLine(
      run,
      `SCF_MASTER_KEY is required with an external chain or database: make one with \`${MAKE_ONE}\` and keep it in your secret store`,
    );
  }, 60_000);

  it("when another process holds the data directory, then it names the process and what to do", async () => {
    const dataDir = path.join(root, "held");
    mkdirSync(dataDir, { recursive: true });
    // This test's own process stands for the other server: alive, and not the one starting.
    writeFileSync(path.join(dataDir, "pglite.lock"), String(process.pid));
    const run = await start({ PORT: "0", SCF_DATA_DIR: dataDir, SCF_MASTER_KEY: "11".repeat(32) });
    expectOneLine(
      run,
      `PGlite data directory ${path.join(dataDir, "pglite")} is in use by process ${process.pid}: stop it (kill ${process.pid}), or start with another SCF_DATA_DIR`,
    );
    expect(readdirSync(dataDir)).toEqual(["pglite.lock"]);
  }, 60_000);

  it("when SCF_LEDGER=fabric names no gateway, then it names the setting", async () => {
    const run = await start({ PORT: "0", SCF_DATA_DIR: path.join(root, "fabric-no-gateway"), SCF_LEDGER: "fabric", FABRIC_MSP_ID: "Org1MSP" });
    expectOneLine(run, "configuration: FABRIC_GATEWAY_ENDPOINT must be host:port");
  }, 60_000);

  it("when on Fabric no identity is held for the operator, then it names the account to enrol and where, before reaching the peer", async () => {
    const ids = path.join(root, "fabric-ids");
    // Nothing listens on the endpoint: the identities are checked first.
    const run = await start({ PORT: "0", SCF_DATA_DIR: path.join(root, "fabric-no-identity"), SCF_MASTER_KEY: "11".repeat(32), SCF_LEDGER: "fabric", FABRIC_GATEWAY_ENDPOINT: "127.0.0.1:1", FABRIC_MSP_ID: "Org1MSP", FABRIC_IDENTITIES_DIR: ids });
    expect(run.code).toBe(1);
    const lines = run.output.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[scf\] could not start: no Fabric identity for the operator \((0x[0-9a-fA-F]{40})\): enrol one with scripts\/fabric\/enrol-identity\.sh \1 operator into \S+, then start again$/);
    expect(lines[0]).toContain(`into ${ids}${path.sep}0x`);
  }, 90_000);
});
