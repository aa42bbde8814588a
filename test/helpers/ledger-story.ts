/**
 * A realistic ledger history through the port, for indexer, reconciliation and crash tests and the chain
 * benchmark: a core enterprise's payables issued, passed down tiers, split, financed, declined, funded and
 * redeemed, with cash minted and a freeze in between.
 */
import { keccak256, toUtf8Bytes } from "ethers";
import { connectLedger, type PlatformAccounts } from "../../chain/connect";
import { cstMidnightAfter, DAY_MS as DAY } from "../../chain/cst-day";
import { invoiceKey } from "../../chain/invoice-key";
import type { Account, Ledger } from "../../chain/ledger";
import { StaticKeyRing } from "../../chain/static-key-ring";

export const h = (s: string): string => keccak256(toUtf8Bytes(s));

export interface Cast {
  keys: StaticKeyRing;
  platform: PlatformAccounts;
  core: Account;
  banks: Account[];
  tiers: Account[]; // suppliers s1..s4, one per tier
}

/** Fixed keys, so that a child process can rebuild the same cast from nothing. */
export function cast(): Cast {
  const keys = new StaticKeyRing();
  const k = (i: number) => keys.add(keccak256(toUtf8Bytes(`scf-ledger test key ${i}`)));
  return {
    keys,
    platform: { deployer: k(0), operator: k(1), regulator: k(2) },
    core: k(3),
    banks: [k(4), k(5)],
    tiers: [k(6), k(7), k(8), k(9)],
  };
}

export async function connect(dataDir: string, c: Cast = cast()) {
  return connectLedger({ mode: "embedded", dataDir }, c.keys, c.platform);
}

/** 00:00 CST `days` calendar days after the ledger's today. */
export async function cstMidnightIn(l: Ledger, days: number): Promise<Date> {
  return cstMidnightAfter(await l.clock.now(), days);
}

export async function onboard(l: Ledger, c: Cast): Promise<void> {
  const op = c.platform.operator;
  await l.participants.register(op, { account: c.core, roles: ["core"], usccHash: h("core"), kycHash: h("kyc") });
  for (const b of c.banks) await l.participants.register(op, { account: b, roles: ["bank"], usccHash: h(b), kycHash: h("kyc") });
  for (const s of c.tiers) await l.participants.register(op, { account: s, roles: ["supplier"], usccHash: h(s), kycHash: h("kyc") });
  const expiry = new Date((await l.clock.now()).getTime() + 300 * DAY);
  // The first bank is also the settlement bank: the only one that mints.
  await l.cash.designateSettlementBank(c.platform.regulator, c.banks[0]);
  for (const b of c.banks) {
    await l.creditLines.grant(b, c.core, 1_000_000_000_00n, expiry);
    await l.cash.mint(c.banks[0], b, 500_000_000_00n, h(`deposit ${b}`));
  }
  await l.cash.mint(c.banks[0], c.core, 900_000_000_00n, h("core deposit"));
}

let invoiceNo = 0;
async function invoice(l: Ledger, seller: Account, buyer: Account, amount: bigint): Promise<string> {
  invoiceNo += 1;
  const key = invoiceKey({ kind: "digital", number: `${process.pid}`.padStart(8, "0") + String(invoiceNo).padStart(12, "0") });
  await l.invoices.register(seller, { key, buyer, amount, commitment: h(`details ${invoiceNo}`) });
  await l.invoices.confirm(buyer, key);
  return key;
}

/**
 * One round of business on a voucher maturing at `maturity`: issue to tier 1, pass down to tier 4, split,
 * finance at tier 3 (executed) and tier 4 (declined). About 20 transactions.
 */
export async function round(l: Ledger, c: Cast, maturity: Date, n: number): Promise<void> {
  const [t1, t2, t3, t4] = c.tiers as [Account, Account, Account, Account];
  const face = 1_000_000_00n + BigInt(n);
  const root = (await l.vouchers.issue(c.core, { supplier: t1, amount: face, maturity, invoiceKeys: [await invoice(l, t1, c.core, face)] })).result;
  const v2 = (await l.vouchers.splitTransfer(t1, { id: root, to: t2, amount: 600_000_00n, invoiceKeys: [await invoice(l, t2, t1, 600_000_00n)] })).result;
  const v3 = (await l.vouchers.splitTransfer(t2, { id: v2, to: t3, amount: 300_000_00n, invoiceKeys: [await invoice(l, t3, t2, 300_000_00n)] })).result;
  const v4 = (await l.vouchers.splitTransfer(t3, { id: v3, to: t4, amount: 100_000_00n, invoiceKeys: [await invoice(l, t4, t3, 100_000_00n)] })).result;
  await l.vouchers.split(t2, v2, [50_000_00n, 25_000_00n]);
  const deadline = new Date(maturity.getTime() - DAY);
  const bank = c.banks[n % 2];
  const r3 = (await l.financing.request(t3, { voucherId: v3, amount: 150_000_00n, bank, rateBps: 420, deadline })).result;
  await l.financing.execute(bank, r3);
  const r4 = (await l.financing.request(t4, { voucherId: v4, amount: 100_000_00n, bank, rateBps: 480, deadline })).result;
  await l.financing.decline(bank, r4);
}

/** Funds the slot, moves the clock to maturity and redeems every live voucher in batches. */
export async function settle(l: Ledger, c: Cast, maturity: Date): Promise<void> {
  await l.settlement.fund(c.core, maturity);
  const now = await l.clock.now();
  if (now < maturity) await l.clock.advance(Math.ceil((maturity.getTime() - now.getTime()) / 1000));
  const ids: bigint[] = [];
  for (let id = 1n; id <= (await l.vouchers.lastId()); id += 1n) {
    const v = await l.vouchers.get(id);
    if (v && v.value > 0n && v.maturity.getTime() === maturity.getTime()) ids.push(id);
  }
  for (let i = 0; i < ids.length; i += 50) await l.settlement.redeemBatch(c.platform.operator, ids.slice(i, i + 50));
}
