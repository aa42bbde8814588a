/**
 * Nonces when several API processes sign for one account on one external chain (a `hardhat node`). Each
 * "process" here is a ledger port of its own, with a database pool of its own, on one PostgreSQL server database
 * (always the server: PGlite has one process by construction). Counting in memory, two ports collide; counting
 * in the database, 50 concurrent writes from each land with no nonce taken twice.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectLedger, type Connected } from "../../../chain/connect";
import { EvmLedger } from "../../../chain/evm/evm-ledger";
import type { RawReceipt } from "../../../chain/evm/rpc";
import type { NonceAllocator } from "../../../chain/nonces";
import { StaticKeyRing } from "../../../chain/static-key-ring";
import { openDatabase, type Database } from "../../../api/src/db/database";
import { DatabaseNonces } from "../../../api/src/keys/nonce.repository";
import { serverDatabase, type ServerDatabase } from "../../helpers/database";
import { HARDHAT_0, rawRpc, startHardhatNode, type HardhatNode } from "../../helpers/hardhat-node";
import { ifOpened } from "../../helpers/teardown";

const dir = mkdtempSync(path.join(tmpdir(), "scf-nonces-"));
const keys = new StaticKeyRing();
const acc = { deployer: keys.add(HARDHAT_0), operator: keys.create(), regulator: keys.create() };
const signer = acc.deployer;
let node: HardhatNode;
let served: ServerDatabase;
const dbs: Database[] = [];
const ports: Connected[] = [];

const rpc = <T>(method: string, params: unknown[] = []): Promise<T> => rawRpc<T>(node.url, method, params);
const sentCount = async () => Number(await rpc<string>("eth_getTransactionCount", [signer, "latest"]));

/** A ledger port as one process has it: its own connection to the chain, and the given nonce allocator. */
async function port(nonces?: NonceAllocator): Promise<EvmLedger> {
  const c = await connectLedger({ mode: "external", rpcUrl: node.url, dataDir: dir }, keys, acc, undefined, nonces);
  ports.push(c);
  if (!(c.ledger instanceof EvmLedger)) throw new Error("An external chain is served by the EVM ledger");
  return c.ledger;
}

/** A process's own database pool on the shared database. */
async function processNonces(): Promise<DatabaseNonces> {
  const db = await openDatabase({ kind: "postgres", url: served.url, poolSize: 4 });
  dbs.push(db);
  return new DatabaseNonces(db.prisma);
}

/** The lightest write one account can make: a call to itself carrying nothing. */
const write = (l: EvmLedger): Promise<RawReceipt> => l.submitter.submit(signer, signer, "0x");

beforeAll(async () => {
  [node, served] = await Promise.all([startHardhatNode(), serverDatabase()]);
});

afterAll(async () => {
  for (const c of ports) await c.ledger.close();
  for (const db of dbs) await db.close();
  await ifOpened(served)?.destroy();
  await ifOpened(node)?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("nonces shared by several processes signing for one account", () => {
  it("when two processes each count in memory, then the one whose count went stale signs a nonce already spent and is refused", async () => {
    const [a, b] = [await port(), await port()];
    await write(a);
    await write(b); // b reads the chain's count, which a's write had moved
    await expect(write(a)).rejects.toMatchObject({ code: "CHAIN_REJECTED", message: expect.stringMatching(/nonce/i) as unknown });
  });

  it("when two processes counting in the database race 50 writes each, then all 100 land, each with a nonce of its own", async () => {
    const [a, b] = [await port(await processNonces()), await port(await processNonces())];
    const before = await sentCount();
    const receipts = await Promise.all([...Array.from({ length: 50 }, () => write(a)), ...Array.from({ length: 50 }, () => write(b))]);
    expect(receipts.every((r) => r.status === "0x1")).toBe(true);
    const nonces = await Promise.all(
      receipts.map(async (r) => Number((await rpc<{ nonce: string }>("eth_getTransactionByHash", [r.transactionHash])).nonce)),
    );
    expect([...nonces].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => before + i));
    expect(await sentCount()).toBe(before + 100);
  });

  it("when the account sent a transaction outside the platform, then the next allocation catches up with the chain's count", async () => {
    const nonces = await processNonces();
    const l = await port(nonces);
    await write(l);
    await rpc("eth_sendTransaction", [{ from: signer, to: signer, value: "0x0" }]); // hardhat node holds this key too
    const before = await sentCount();
    const receipt = await write(l);
    const tx = await rpc<{ nonce: string }>("eth_getTransactionByHash", [receipt.transactionHash]);
    expect(Number(tx.nonce)).toBe(before);
  });

  it("when a send fails before the node accepted it, then its nonce is not spent: the next allocation gets it again", async () => {
    const nonces = await processNonces();
    const account = keys.create();
    const seen: number[] = [];
    await expect(
      nonces.allocate(account, () => Promise.resolve(7), (n) => {
        seen.push(n);
        return Promise.reject(new Error("refused"));
      }),
    ).rejects.toThrow("refused");
    await nonces.allocate(account, () => Promise.resolve(7), (n) => Promise.resolve(void seen.push(n)));
    await nonces.allocate(account, () => Promise.resolve(0), (n) => Promise.resolve(void seen.push(n)));
    expect(seen).toEqual([7, 7, 8]);
  });
});
