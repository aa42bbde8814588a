/** The JSON shapes of settlement: zod schemas for the OpenAPI document, and the mappers that produce them. */
import { z } from "zod";
import { cstDayText, formatCstDay } from "../http/cst-day";
import { party, partyOfAccount } from "../http/party";
import { formatYuan } from "../money";
import type { OrganisationView } from "../organisations/organisation.repository";
import type { RunRow, SlotRow, SlotStatus } from "./settlement.repository";
import type { PassReport } from "./settlement.scheduler";

const money = z.string().meta({ description: "Yuan, a decimal string with two decimals", example: "1250000.00" });

const run = z.object({
  id: z.string(),
  kind: z.enum(["funded", "redeemed", "overdue"]),
  vouchers: z.number().int().meta({ description: "Vouchers redeemed by the run (0 for funding and overdue runs)" }),
  amount: money.meta({ description: "Funded: cash escrowed. Redeemed: paid out. Overdue: what the slot was short." }),
  txHash: z.string(),
  at: z.string().meta({ description: "The ledger time of the run's transaction" }),
});

export const slotSchema = z
  .object({
    debtor: party,
    maturity: cstDayText,
    maturityAt: z.string().meta({ description: "The maturity as an instant, ISO 8601" }),
    status: z.enum(["funded", "unfunded", "overdue", "settled"]),
    outstanding: money.meta({ description: "Face value not yet redeemed" }),
    escrowed: money.meta({ description: "Cash the debtor has put in escrow for it" }),
    shortfall: money.meta({ description: "What funding would still have to pay" }),
    paid: money.meta({ description: "Paid out to holders so far" }),
    overdueFlagged: z.boolean().meta({ description: "Flagged overdue on the ledger (it stays flagged after a late funding)" }),
    runs: z.array(run),
  })
  .meta({ description: "A settlement slot: one debtor's vouchers maturing on one day" });

export const slotDetailSchema = slotSchema.extend({
  payouts: z.array(z.object({ holder: party, vouchers: z.number().int(), paid: money, outstanding: money })),
  vouchers: z.array(z.object({ id: z.string(), holder: party, value: money, paid: money, status: z.enum(["paid", "outstanding"]) })),
});

export const passReportSchema = z.object({
  ledgerTime: z.string(),
  redeemed: z.array(z.object({ debtor: party, maturity: cstDayText, vouchers: z.number().int(), voucherIds: z.array(z.string()), amount: money, txHash: z.string() })),
  released: z.array(z.object({ debtor: party, maturity: cstDayText, requestId: z.string(), voucherId: z.string(), txHash: z.string() })),
  skipped: z.array(z.object({ debtor: party, maturity: cstDayText, voucherId: z.string(), holder: party, reason: z.enum(["frozen", "suspended", "inactive", "locked"]) })),
  overdue: z.array(z.object({ debtor: party, maturity: cstDayText, txHash: z.string() })),
  failed: z.array(z.object({ debtor: party, maturity: cstDayText, voucherId: z.string().nullable(), requestId: z.string().nullable(), code: z.string() })),
  totals: z.object({ vouchers: z.number().int(), amount: money }),
});

export type Orgs = Map<string, OrganisationView>;

export interface SlotView {
  slot: SlotRow;
  status: SlotStatus;
  paid: bigint;
  runs: RunRow[];
}

export interface SlotDetailView extends SlotView {
  payouts: { holder: string; vouchers: number; paid: bigint; outstanding: bigint }[];
  vouchers: { id: bigint; holder: string; value: bigint; paid: bigint }[];
}

export const slotJson = (v: SlotView, orgs: Orgs) => ({
  debtor: partyOfAccount(v.slot.debtor, orgs),
  maturity: formatCstDay(v.slot.maturity),
  maturityAt: v.slot.maturity.toISOString(),
  status: v.status,
  outstanding: formatYuan(v.slot.outstanding),
  escrowed: formatYuan(v.slot.escrowed),
  shortfall: formatYuan(v.slot.escrowed >= v.slot.outstanding ? 0n : v.slot.outstanding - v.slot.escrowed),
  paid: formatYuan(v.paid),
  overdueFlagged: v.slot.overdue,
  runs: v.runs.map((r) => ({ id: r.id, kind: r.kind as "funded", vouchers: r.vouchers, amount: formatYuan(r.amount), txHash: r.txHash, at: r.createdAt.toISOString() })),
});

export const slotDetailJson = (v: SlotDetailView, orgs: Orgs) => ({
  ...slotJson(v, orgs),
  payouts: v.payouts.map((p) => ({ holder: partyOfAccount(p.holder, orgs), vouchers: p.vouchers, paid: formatYuan(p.paid), outstanding: formatYuan(p.outstanding) })),
  vouchers: v.vouchers.map((x) => ({
    id: x.id.toString(),
    holder: partyOfAccount(x.holder, orgs),
    value: formatYuan(x.value),
    paid: formatYuan(x.paid),
    status: x.paid > 0n ? ("paid" as const) : ("outstanding" as const),
  })),
});

export function passReportJson(r: PassReport, orgs: Orgs) {
  const slot = (s: { debtor: string; maturity: Date }) => ({ debtor: partyOfAccount(s.debtor, orgs), maturity: formatCstDay(s.maturity) });
  return {
    ledgerTime: r.ledgerTime.toISOString(),
    redeemed: r.redeemed.map((x) => ({ ...slot(x), vouchers: x.voucherIds.length, voucherIds: x.voucherIds.map(String), amount: formatYuan(x.amount), txHash: x.txHash })),
    released: r.released.map((x) => ({ ...slot(x), requestId: x.requestId.toString(), voucherId: x.voucherId.toString(), txHash: x.txHash })),
    skipped: r.skipped.map((x) => ({ ...slot(x), voucherId: x.voucherId.toString(), holder: partyOfAccount(x.holder, orgs), reason: x.reason })),
    overdue: r.overdue.map((x) => ({ ...slot(x), txHash: x.txHash })),
    failed: r.failed.map((x) => ({ ...slot(x), voucherId: x.voucherId?.toString() ?? null, requestId: x.requestId?.toString() ?? null, code: x.code })),
    totals: {
      vouchers: r.redeemed.reduce((n, x) => n + x.voucherIds.length, 0),
      amount: formatYuan(r.redeemed.reduce((s, x) => s + x.amount, 0n)),
    },
  };
}

/** Every account a report names, to look their organisations up in one query. */
export const accountsOf = (r: PassReport): string[] => [
  ...new Set([...r.redeemed, ...r.released, ...r.skipped, ...r.overdue, ...r.failed].map((x) => x.debtor).concat(r.skipped.map((x) => x.holder))),
];
