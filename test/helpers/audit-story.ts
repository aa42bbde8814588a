/**
 * A known ledger history for the audit and report route tests, made through the ledger port with the seeded
 * organisations' keys (the platform's vault holds them).
 */
import { DAY_MS as DAY } from "../../chain/cst-day";
import { invoiceKey } from "../../chain/invoice-key";
import type { Account } from "../../chain/ledger";
import type { Response } from "supertest";
import { expect } from "vitest";
import type { Handle, TestApi } from "./api";
import { travel } from "./either-ledger";
import { cstMidnightIn, h } from "./ledger-story";

export interface Event { blockNumber: number; logIndex: number; txHash: string; contract: string; name: string; args: Record<string, unknown> }

/**
 * The history every test reads, made through the ledger port: core issues A (¥1,000,000) to tier 1, which passes
 * B (¥400,000) to tier 2 and C (¥100,000) to tier 3; tier 2 passes D (¥150,000) to tier 3, splits off E (¥50,000)
 * and sells ¥100,000 of B to the bank (piece G); tier 3 passes F (¥50,000) to tier 4 and sells the rest of D
 * whole to bank2; tier 4's request on F is declined. Core also issues H (¥200,000, an earlier maturity), funds and
 * redeems it; core2 issues ¥300,000 to its supplier and funds that maturity.
 */
export async function auditHistory(api: TestApi) {
  const l = api.platform.ledger;
  const a = (k: Handle): Account => api.orgs[k].account;
  let n = 0;
  const invoice = async (seller: Account, buyer: Account, amount: bigint) => {
    n += 1;
    const key = invoiceKey({ kind: "digital", number: `7${String(process.pid).padStart(7, "0")}${String(n).padStart(12, "0")}` });
    await l.invoices.register(seller, { key, buyer, amount, commitment: h(`invoice ${n}`) });
    await l.invoices.confirm(buyer, key);
    return key;
  };
  const expiry = new Date((await l.clock.now()).getTime() + 300 * DAY);
  const sb = a("settlement-bank");
  for (const bank of [a("bank"), a("bank2")]) {
    await l.creditLines.grant(bank, a("core"), 10_000_000_00n, expiry);
    await l.cash.mint(sb, bank, 5_000_000_00n, h(`deposit ${bank}`));
  }
  await l.creditLines.grant(a("bank"), a("core2"), 10_000_000_00n, expiry);
  await l.cash.mint(sb, a("core"), 5_000_000_00n, h("core deposit"));
  await l.cash.mint(sb, a("core2"), 5_000_000_00n, h("core2 deposit"));
  const M1 = await cstMidnightIn(l, 60);
  const M2 = await cstMidnightIn(l, 20);

  const keys: Record<string, string> = {};
  const issue = async (core: Handle, supplier: Handle, amount: bigint, maturity: Date, name: string) => {
    keys[name] = await invoice(a(supplier), a(core), amount);
    return (await l.vouchers.issue(a(core), { supplier: a(supplier), amount, maturity, invoiceKeys: [keys[name]] })).result;
  };
  const pass = async (from: Handle, id: bigint, to: Handle, amount: bigint, name: string) => {
    keys[name] = await invoice(a(to), a(from), amount);
    return (await l.vouchers.splitTransfer(a(from), { id, to: a(to), amount, invoiceKeys: [keys[name]] })).result;
  };
  const A = await issue("core", "tier1", 1_000_000_00n, M1, "A");
  const B = await pass("tier1", A, "tier2", 400_000_00n, "B");
  const C = await pass("tier1", A, "tier3", 100_000_00n, "C");
  const D = await pass("tier2", B, "tier3", 150_000_00n, "D");
  const [E] = (await l.vouchers.split(a("tier2"), B, [50_000_00n])).result as [bigint];
  const F = await pass("tier3", D, "tier4", 50_000_00n, "F");
  const deadline = new Date(M1.getTime() - 5 * DAY);
  const rB = (await l.financing.request(a("tier2"), { voucherId: B, amount: 100_000_00n, bank: a("bank"), rateBps: 500, deadline })).result;
  const xB = await l.financing.execute(a("bank"), rB);
  const rD = (await l.financing.request(a("tier3"), { voucherId: D, amount: 100_000_00n, bank: a("bank2"), rateBps: 450, deadline })).result;
  const xD = await l.financing.execute(a("bank2"), rD);
  const rF = (await l.financing.request(a("tier4"), { voucherId: F, amount: 50_000_00n, bank: a("bank"), rateBps: 600, deadline })).result;
  await l.financing.decline(a("bank"), rF);
  const H = await issue("core", "tier1", 200_000_00n, M2, "H");
  const K = await issue("core2", "core2-tier1", 300_000_00n, M1, "K");
  await l.settlement.fund(a("core2"), M1);
  await l.settlement.fund(a("core"), M2);
  const now = await l.clock.now();
  await travel(api, Math.ceil((M2.getTime() - now.getTime()) / 1000) + 60);
  const last = await l.settlement.redeem(api.platform.accounts.operator, H);
  await api.platform.indexer.waitFor(last.blockNumber);
  return { A, B, C, D, E, F, G: xB.result.pieceId, H, K, M1, M2, keys, netB: xB.result.net, netD: xD.result.net, pieceD: xD.result.pieceId };
}

export type AuditHistory = Awaited<ReturnType<typeof auditHistory>>;

/** A GET as `who` (the regulator's maker by default): await it for the response, or `.expect(status)` to assert the status first. */
export function getAs(api: () => TestApi) {
  return (path: string, who: Handle = "regulator", role: "admin" | "maker" | "checker" = "maker") => {
    const res: Promise<Response> = api().as(who, role).then(async (auth) => await api().http().get(path).set(auth));
    return {
      then: <T>(ok: (r: Response) => T, fail?: (e: unknown) => T) => res.then(ok, fail),
      async expect(status: number): Promise<Response> {
        const r = await res;
        expect(r.status, `${path} as ${who}: ${JSON.stringify(r.body)}`).toBe(status);
        return r;
      },
    };
  };
}
