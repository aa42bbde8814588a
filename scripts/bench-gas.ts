/**
 * npm run bench:gas — gas of each ledger operation against the ERC-3525 reference implementation,
 * measured in one run on the in-process Hardhat chain. Prints a table and writes bench/gas.json.
 */
import hre from "hardhat";
import { mkdirSync, writeFileSync } from "node:fs";
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

interface Row {
  operation: string;
  gas: number;
  target?: number;
  note: string;
}

async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<number> {
  const receipt = await (await tx).wait();
  return Number(receipt!.gasUsed);
}

async function addr(s: Signer): Promise<string> {
  return s.getAddress();
}

async function main(): Promise<void> {
  const { ledger, a } = await seededLedger();
  const maturity = await cstMidnightIn(120);
  const rows: Row[] = [];

  // Reference: ERC-3525 transferFrom(tokenId, to, value) to a new owner, which mints a new token.
  const ref = await hre.ethers.deployContract("ReferenceERC3525");
  await (await ref.mint(await addr(a.s1), 1001, 1, 1_000_000n)).wait();
  await (await ref.mint(await addr(a.s1), 1002, 1, 1_000_000n)).wait();
  await (await (ref.connect(a.s1) as typeof ref).getFunction("transferFrom(uint256,address,uint256)")(1001, await addr(a.s2), 10n)).wait();
  const refGas = await gasOf((ref.connect(a.s1) as typeof ref).getFunction("transferFrom(uint256,address,uint256)")(1002, await addr(a.s3), 10n));
  rows.push({ operation: "reference ERC-3525 transferFrom(id, to, value)", gas: refGas, note: "baseline" });

  // issue, backed by one confirmed invoice (a warm-up issue first, so the slot and debtor counters exist).
  await issued(ledger, a.core, a.s1, 1_000_00n, maturity);
  const inv = await confirmedInvoice(ledger, a.s1, a.core, 5_000_000_00n);
  const issueGas = await gasOf(as(ledger.Vouchers, a.core).issue(await addr(a.s1), 5_000_000_00n, maturity, [inv]));
  rows.push({ operation: "issue (1 invoice)", gas: issueGas, target: 95_000, note: "" });
  const root = (await ledger.Vouchers.lastId()) as bigint;

  // splitTransfer with one invoice.
  const tInv = await confirmedInvoice(ledger, a.s2, a.s1, 1_000_000_00n);
  const stGas = await gasOf(as(ledger.Vouchers, a.s1).splitTransfer(root, await addr(a.s2), 1_000_000_00n, [tInv]));
  rows.push({ operation: "splitTransfer (1 invoice)", gas: stGas, target: Math.min(70_000, Math.floor(refGas * 0.3)), note: "" });
  const t2 = (await ledger.Vouchers.lastId()) as bigint;

  // split: one piece kept by the holder.
  const splitGas = await gasOf(as(ledger.Vouchers, a.s2).split(t2, [100_000_00n]));
  rows.push({ operation: "split (1 piece)", gas: splitGas, note: "" });

  // finance: the bank's execution of a partial piece.
  const deadline = await cstMidnightIn(1);
  await (await as(ledger.Financing, a.s2).request(t2, 200_000_00n, await addr(a.bank), 400, deadline)).wait();
  const finGas = await gasOf(as(ledger.Financing, a.bank).execute(1n));
  rows.push({ operation: "finance (bank executes)", gas: finGas, target: 100_000, note: "" });

  // Batch material: 20 pieces passed to s3.
  const batchIds: bigint[] = [];
  for (let i = 0; i < BATCH; i += 1) batchIds.push(await passed(ledger, root, a.s1, a.s3, 10_000_00n));

  const fundGas = await gasOf(as(ledger.Settlement, a.core).fund(maturity));
  rows.push({ operation: "fund (slot)", gas: fundGas, note: "" });

  await increaseTo(maturity);
  const redeemGas = await gasOf(as(ledger.Settlement, a.outsider).redeem(t2));
  rows.push({ operation: "redeem (one voucher)", gas: redeemGas, target: 60_000, note: "holder already has cash" });
  const batchGas = await gasOf(as(ledger.Settlement, a.outsider).redeemBatch(batchIds));
  rows.push({
    operation: `redeemBatch per voucher (N=${BATCH})`,
    gas: Math.round(batchGas / BATCH),
    target: 35_000,
    note: `total ${batchGas}`,
  });

  for (const r of rows) {
    r.note = [r.note, `${(r.gas / refGas).toFixed(2)}× reference`].filter(Boolean).join("; ");
  }
  console.table(
    rows.map((r) => ({
      operation: r.operation,
      gas: r.gas,
      target: r.target ?? "",
      met: r.target === undefined ? "" : r.gas <= r.target ? "yes" : "no",
      note: r.note,
    })),
  );
  mkdirSync("bench", { recursive: true });
  writeFileSync(
    "bench/gas.json",
    JSON.stringify({ measuredAt: new Date().toISOString(), solc: "0.8.30", optimizerRuns: 1000, rows }, null, 2) + "\n",
  );
  console.log("wrote bench/gas.json");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
