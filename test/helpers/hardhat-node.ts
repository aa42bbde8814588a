/** `hardhat node` as a child process: an external EVM JSON-RPC chain (it charges gas, like a public network). */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { freePort } from "../e2e/server-process";

const ROOT = path.resolve(__dirname, "../..");
/** Hardhat's default account #0 ("test test … junk"), funded with 10 000 ETH by `hardhat node`. */
export const HARDHAT_0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

export interface HardhatNode {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** A JSON-RPC call of the test's own, independent of the code under test. */
export async function rawRpc<T>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await res.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(body.error.message);
  return body.result as T;
}

export async function startHardhatNode(): Promise<HardhatNode> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let err = "";
  const node: ChildProcess = spawn(path.join(ROOT, "node_modules/.bin/hardhat"), ["node", "--port", String(port)], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "pipe"],
  });
  node.stderr!.on("data", (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (node.exitCode !== null) throw new Error(`hardhat node exited with ${node.exitCode}: ${err}`);
    if (Date.now() > deadline) throw new Error(`hardhat node did not answer on ${url}: ${err}`);
    const id = await rawRpc<string>(url, "eth_chainId").catch(() => undefined);
    if (id === "0x7a69") break;
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    port,
    async stop() {
      if (node.exitCode !== null || node.signalCode !== null) return;
      const exited = new Promise((r) => node.once("exit", r));
      node.kill("SIGTERM");
      const timer = setTimeout(() => node.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
