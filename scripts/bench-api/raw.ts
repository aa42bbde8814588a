/**
 * The same writes as the HTTP phases, straight through the ledger port in this process, on a fresh embedded
 * chain and with the same program: a voucher transfer backed by a confirmed invoice (splitTransfer), and a
 * financing (request, then the bank's execute). No database, no indexer, no HTTP: the ceiling the API is
 * measured against.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { keccak256, toUtf8Bytes } from "ethers";
import { connectLedger } from "../../chain/connect";
import { cstMidnightAfter } from "../../chain/cst-day";
import { invoiceKey } from "../../chain/invoice-key";
import type { Account, Ledger } from "../../chain/ledger";
import { StaticKeyRing } from "../../chain/static-key-ring";
import { cpuTimes } from "./cpu";
import { runPool, type PhaseResult } from "./phase";

const ownCpu = () => cpuTimes(process.pid);

const h = (s: string): string => keccak256(toUtf8Bytes(s));

interface RawHolder {
  account: Account;
  voucherId: bigint;
  payee: Account;
  invoiceKeys: string[];
}

export interface RawWorld {
  dir: string;
  ledger: Ledger;
  holders: RawHolder[];
  banks: Account[];
  maturity: Date;
}

let invoiceNo = 0;
async function confirmedInvoice(l: Ledger, seller: Account, buyer: Account, amount: bigint): Promise<string> {
  invoiceNo += 1;
  const key = invoiceKey({ kind: "digital", number: `27${String(process.pid % 100_000).padStart(6, "0")}${String(invoiceNo).padStart(12, "0")}` });
  await l.invoices.register(seller, { key, buyer, amount, commitment: h(`bench invoice ${invoiceNo}`) });
  await l.invoices.confirm(buyer, key);
  return key;
}

/** The world of http-setup.ts, through the port: `suppliers` holders, each with a large voucher and an invoice. */
export async function rawWorld(opts: { suppliers: number; invoicesRequired: boolean; voucherFen: bigint }): Promise<RawWorld> {
  const dir = mkdtempSync(path.join(tmpdir(), "scf-bench-api-raw-"));
  const keys = new StaticKeyRing();
  const platform = { deployer: keys.create(), operator: keys.create(), regulator: keys.create() };
  const { ledger: l } = await connectLedger({ mode: "embedded", dataDir: dir }, keys, platform);
  const op = platform.operator;
  const core = keys.create();
  const banks = [keys.create(), keys.create()];
  const suppliers = Array.from({ length: opts.suppliers }, () => keys.create());
  await l.participants.register(op, { account: core, roles: ["core"], usccHash: h(core), kycHash: h("kyc") });
  for (const b of banks) await l.participants.register(op, { account: b, roles: ["bank"], usccHash: h(b), kycHash: h("kyc") });
  for (const s of suppliers) await l.participants.register(op, { account: s, roles: ["supplier"], usccHash: h(s), kycHash: h("kyc") });
  const now = await l.clock.now();
  const maturity = cstMidnightAfter(now, 120);
  // The first bank is the settlement bank too: the only one that mints.
  await l.cash.designateSettlementBank(platform.regulator, banks[0]);
  for (const b of banks) {
    await l.creditLines.grant(b, core, 5_000_000_000_00n, cstMidnightAfter(now, 365));
    await l.cash.mint(banks[0], b, 1_000_000_000_00n, h(`deposit ${b}`));
  }
  await l.rules.setRules(core, {
    maxDepth: 8,
    maxTermDays: 180,
    minSplit: 100n,
    invoicesRequired: opts.invoicesRequired,
    whitelistOnly: true,
    banksRestricted: true,
    issuanceCoveredByCredit: true,
  });
  await l.rules.setEligibleBanks(core, banks, true);
  await l.rules.setWhitelisted(core, suppliers, true);
  const holders: RawHolder[] = [];
  for (const [i, s] of suppliers.entries()) {
    const payee = suppliers[(i + 1) % suppliers.length];
    const issueKeys = opts.invoicesRequired ? [await confirmedInvoice(l, s, core, opts.voucherFen)] : [];
    const voucherId = (await l.vouchers.issue(core, { supplier: s, amount: opts.voucherFen, maturity, invoiceKeys: issueKeys })).result;
    const invoiceKeys = opts.invoicesRequired ? [await confirmedInvoice(l, payee, s, opts.voucherFen)] : [];
    holders.push({ account: s, voucherId, payee, invoiceKeys });
  }
  return { dir, ledger: l, holders, banks, maturity };
}

export async function closeRawWorld(w: RawWorld): Promise<void> {
  await w.ledger.close();
  rmSync(w.dir, { recursive: true, force: true });
}

/** Worker `w` passes pieces of holder `w mod K`'s voucher to its payee, as the HTTP phase does. */
export function rawTransfers(w: RawWorld, concurrency: number, ops: number, amountFen: bigint): Promise<PhaseResult> {
  return runPool(concurrency, ops, async (worker) => {
    const holder = w.holders[worker % w.holders.length];
    const t0 = performance.now();
    await w.ledger.vouchers.splitTransfer(holder.account, { id: holder.voucherId, to: holder.payee, amount: amountFen, invoiceKeys: holder.invoiceKeys });
    return { writes: 1, latencies: [performance.now() - t0] };
  }, ownCpu);
}

/** The holder's request on the bank's terms (the accept), then the bank's execute (the checker's approval). */
export function rawFinancings(w: RawWorld, concurrency: number, flows: number, amountFen: bigint): Promise<PhaseResult> {
  return runPool(concurrency, flows, async (worker) => {
    const holder = w.holders[worker % w.holders.length];
    const bank = w.banks[worker % w.banks.length];
    const now = await w.ledger.clock.now();
    const deadline = new Date(Math.min(now.getTime() + 72 * 3_600_000, w.maturity.getTime() - 60_000));
    const t0 = performance.now();
    const req = await w.ledger.financing.request(holder.account, { voucherId: holder.voucherId, amount: amountFen, bank, rateBps: 400, deadline });
    const t1 = performance.now();
    await w.ledger.financing.execute(bank, req.result);
    const t2 = performance.now();
    return { writes: 2, latencies: [t1 - t0, t2 - t1], acceptToCashMs: t2 - t0 };
  }, ownCpu);
}
