/**
 * Steps the risk-alert tests share: ledger acts taken straight on the port (an invoice both parties confirmed, an
 * issue, a pass, a financing), each waited for in the projection so that the indexer's rules have run, and the
 * alerts one organisation sees of one rule.
 */
import { invoiceKey } from "../../chain/invoice-key";
import type { Account } from "../../chain/ledger";
import type { Handle, TestApi } from "./api";
import { status } from "./api-steps";
import { h } from "./ledger-story";

export interface AlertJson {
  id: string;
  rule: string;
  severity: string;
  status: string;
  subject: string;
  parties: string[];
  facts: Record<string, string>;
  explanation: { "zh-CN": string; "en-US": string };
  acknowledgedBy: string | null;
  acknowledgeNote: string | null;
  resolvedBy: string | null;
  resolveNote: string | null;
}

const DAY_MS = 86_400_000;

/** Steps against the `api` of a test file, which its beforeAll makes; invoice numbers start with `series`. */
export function alertSteps(api: () => TestApi, series: string) {
  let invoices = 0;
  const l = () => api().platform.ledger;
  const acct = (who: Handle): Account => api().orgs[who].account;
  const settled = async <T>(r: Promise<{ blockNumber: number; result: T }>): Promise<T> => {
    const receipt = await r;
    await api().platform.indexer.waitFor(receipt.blockNumber);
    return receipt.result;
  };

  /** A fresh digital invoice from `seller` to `buyer`, registered and confirmed on the ledger; its key. */
  async function invoice(seller: Handle, buyer: Handle, amount: bigint): Promise<string> {
    invoices += 1;
    const key = invoiceKey({ kind: "digital", number: `${series}${String(invoices).padStart(20 - series.length, "0")}` });
    await l().invoices.register(acct(seller), { key, buyer: acct(buyer), amount, commitment: h(`${series} invoice ${invoices}`) });
    await l().invoices.confirm(acct(buyer), key);
    return key;
  }

  return {
    acct,
    invoice,
    /** `core` issues `supplier` a voucher of `amount` due at `maturity`, on a fresh invoice; its id. */
    issue: async (core: Handle, supplier: Handle, amount: bigint, maturity: Date) =>
      settled(l().vouchers.issue(acct(core), { supplier: acct(supplier), amount, maturity, invoiceKeys: [await invoice(supplier, core, amount)] })),
    /** `from` passes `amount` of voucher `id` to `to`, on a fresh invoice; the new piece's id. */
    pass: async (from: Handle, id: bigint, to: Handle, amount: bigint) =>
      settled(l().vouchers.splitTransfer(acct(from), { id, to: acct(to), amount, invoiceKeys: [await invoice(to, from, amount)] })),
    /** `holder` sells `amount` of voucher `voucherId` to `bank` (request, then the bank's execution), five days before `maturity`. */
    finance: async (holder: Handle, voucherId: bigint, bank: Handle, amount: bigint, maturity: Date) => {
      const deadline = new Date(maturity.getTime() - 5 * DAY_MS);
      const request = (await l().financing.request(acct(holder), { voucherId, amount, bank: acct(bank), rateBps: 400, deadline })).result;
      return settled(l().financing.execute(acct(bank), request));
    },
    /** The alerts `who` sees, filtered by `query` (rule, status, severity), newest first. */
    alerts: async (who: Handle, query: Record<string, string> = {}) =>
      ((await api().http().get("/alerts").query({ limit: "100", ...query }).set(await api().as(who)).then(status(200))).body as { items: AlertJson[] }).items,
  };
}
