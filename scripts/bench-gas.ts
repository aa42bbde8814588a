/**
 * npm run bench:gas — gas of each ledger operation against the ERC-3525 reference implementation,
 * measured in one run on the in-process Hardhat chain. Prints a table and writes bench/gas.json.
 */
import hre from "hardhat";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import type { ContractTransactionResponse, Signer } from "ethers";
import {
  as,
  confirmedInvoice,
  cstMidnightIn,
  increaseTo,
  issued,
  passed,
  seededLedger,
} from "../test/helpers/ledger";

const BATCH = 20;
/**
 * Calldata gas depends on how many bytes of a maturity are zero, so the run starts at one fixed instant, far enough
 * ahead that no machine's clock is past it: the same code then measures the same gas on any day.
 */
const PINNED_START = Date.parse("2040-01-01T09:00:00+08:00") / 1000;
const SNAPSHOT = "bench/gas.json";

/** The committed figures, so that every run shows what a change cost. */
function committed(): Map<string, number> {
  if (!existsSync(SNAPSHOT)) return new Map();
  const { rows } = JSON.parse(readFileSync(SNAPSHOT, "utf8")) as { rows: { operation: string; gas: number }[] };
  return new Map(rows.map((r) => [r.operation, r.gas]));
}

interface Breakdown {
  storageWrites: number;
  storageReads: number;
  logs: number;
  rest: number;
}

interface Row extends Partial<Breakdown> {
  operation: string;
  gas: number;
  target?: number;
  note: string;
}

let lastBreakdown: Breakdown | undefined;

/** Where a transaction's gas went, by opcode class, from the node's own opcode trace. */
async function breakdown(hash: string, total: number): Promise<Breakdown> {
  const trace = (await hre.network.provider.send("debug_traceTransaction", [
    hash,
    { disableMemory: true, disableStack: true, disableStorage: true },
  ])) as { structLogs: { op: string; gasCost: number }[] };
  let storageWrites = 0;
  let storageReads = 0;
  let logs = 0;
  for (const { op, gasCost } of trace.structLogs) {
    if (op === "SSTORE") storageWrites += gasCost;
    else if (op === "SLOAD") storageReads += gasCost;
    else if (op.startsWith("LOG")) logs += gasCost;
  }
  return { storageWrites, storageReads, logs, rest: total - storageWrites - storageReads - logs };
}

/** A call through ethers' untyped Contract, mined: its transaction and receipt. */
async function mined(call: Promise<unknown>): Promise<{ hash: string; gasUsed: bigint }> {
  const sent = (await call) as ContractTransactionResponse;
  const receipt = await sent.wait();
  if (!receipt) throw new Error(`${sent.hash} was not mined`);
  return { hash: sent.hash, gasUsed: receipt.gasUsed };
}

async function gasOf(call: Promise<unknown>): Promise<number> {
  const { hash, gasUsed } = await mined(call);
  const gas = Number(gasUsed);
  lastBreakdown = await breakdown(hash, gas);
  return gas;
}

function row(operation: string, gas: number, target: number | undefined, note: string): Row {
  return { operation, gas, target, note, ...lastBreakdown };
}

async function addr(s: Signer): Promise<string> {
  return s.getAddress();
}

async function main(): Promise<void> {
  await increaseTo(PINNED_START);
  const { ledger, a } = await seededLedger();
  const maturity = await cstMidnightIn(120);
  const rows: Row[] = [];

  // Reference: ERC-3525 transferFrom(tokenId, to, value) to a new owner, which mints a new token.
  const ref = await hre.ethers.deployContract("ReferenceERC3525");
  await mined(ref.mint(await addr(a.s1), 1001, 1, 1_000_000n));
  await mined(ref.mint(await addr(a.s1), 1002, 1, 1_000_000n));
  const refTransfer = ref.connect(a.s1).getFunction("transferFrom(uint256,address,uint256)");
  await mined(refTransfer(1001, await addr(a.s2), 10n));
  const refGas = await gasOf(refTransfer(1002, await addr(a.s3), 10n));
  rows.push(row("reference ERC-3525 transferFrom(id, to, value)", refGas, undefined, "baseline"));

  // issue, backed by one confirmed invoice (a warm-up issue first, so the slot and debtor counters exist).
  await issued(ledger, a.core, a.s1, 1_000_00n, maturity);
  const inv = await confirmedInvoice(ledger, a.s1, a.core, 5_000_000_00n);
  const issueGas = await gasOf(as(ledger.Vouchers, a.core).issue(await addr(a.s1), 5_000_000_00n, maturity, [inv]));
  rows.push(row("issue (1 invoice)", issueGas, 95_000, ""));
  const root = (await ledger.Vouchers.lastId()) as bigint;

  // splitTransfer with one invoice.
  const tInv = await confirmedInvoice(ledger, a.s2, a.s1, 1_000_000_00n);
  const stGas = await gasOf(as(ledger.Vouchers, a.s1).splitTransfer(root, await addr(a.s2), 1_000_000_00n, [tInv]));
  rows.push(row("splitTransfer (1 invoice)", stGas, Math.min(70_000, Math.floor(refGas * 0.3)), ""));
  const t2 = (await ledger.Vouchers.lastId()) as bigint;

  // split: one piece kept by the holder.
  const splitGas = await gasOf(as(ledger.Vouchers, a.s2).split(t2, [100_000_00n]));
  rows.push(row("split (1 piece)", splitGas, undefined, ""));

  // finance: the bank's execution of a partial piece.
  const deadline = await cstMidnightIn(1);
  await mined(as(ledger.Financing, a.s2).request(t2, 200_000_00n, await addr(a.bank), 400, deadline));
  const finGas = await gasOf(as(ledger.Financing, a.bank).execute(1n));
  rows.push(row("finance (bank executes)", finGas, 100_000, "partial: mints the bank's piece"));

  // Batch material: 20 pieces passed to s3.
  const batchIds: bigint[] = [];
  for (let i = 0; i < BATCH; i += 1) batchIds.push(await passed(ledger, root, a.s1, a.s3, 10_000_00n));

  const fundGas = await gasOf(as(ledger.Settlement, a.core).fund(maturity));
  rows.push(row("fund (slot)", fundGas, undefined, ""));

  await increaseTo(maturity);
  const redeemGas = await gasOf(as(ledger.Settlement, a.outsider).redeem(t2));
  rows.push(row("redeem (one voucher)", redeemGas, 60_000, "holder already has cash"));
  const batchGas = await gasOf(as(ledger.Settlement, a.outsider).redeemBatch(batchIds));
  const perVoucher = (n: number | undefined) => (n === undefined ? undefined : Math.round(n / BATCH));
  rows.push({
    operation: `redeemBatch per voucher (N=${BATCH})`,
    gas: Math.round(batchGas / BATCH),
    target: 35_000,
    note: `total ${batchGas}`,
    storageWrites: perVoucher(lastBreakdown?.storageWrites),
    storageReads: perVoucher(lastBreakdown?.storageReads),
    logs: perVoucher(lastBreakdown?.logs),
    rest: perVoucher(lastBreakdown?.rest),
  });

  const before = committed();
  const delta = (r: Row) => {
    const was = before.get(r.operation);
    return was === undefined ? "new" : r.gas - was;
  };
  for (const r of rows) {
    r.note = [r.note, `${(r.gas / refGas).toFixed(2)}× reference`].filter(Boolean).join("; ");
  }
  console.table(
    rows.map((r) => ({
      operation: r.operation,
      gas: r.gas,
      target: r.target ?? "",
      met: r.target === undefined ? "" : r.gas <= r.target ? "yes" : "no",
      sstore: r.storageWrites,
      sload: r.storageReads,
      logs: r.logs,
      rest: r.rest,
      "Δ vs committed": delta(r),
      note: r.note,
    })),
  );
  mkdirSync("bench", { recursive: true });
  writeFileSync(
    SNAPSHOT,
    JSON.stringify({ measuredAt: new Date().toISOString(), solc: "0.8.30", optimizerRuns: 1000, rows }, null, 2) + "\n",
  );
  console.log("wrote bench/gas.json");
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
