/**
 * Small steps many route tests take: the party an organisation appears as, a checker's approval of a pending
 * action, counting pending actions, asserting a status while showing the body, fresh invoice numbers.
 */
import { expect } from "vitest";
import type { Handle, Role, TestApi } from "./api";

/** Steps against the `api` of a test file, which its beforeAll makes. */
export function apiSteps(api: () => TestApi) {
  return {
    /** How a seeded organisation appears in responses. */
    party: (h: Handle) => ({ id: api().orgs[h].id, name: api().orgs[h].name, account: api().orgs[h].account }),
    /** `who`'s checker approves (carries out) a pending action. */
    approve: async (actionId: string, who: Handle, role: Role = "checker") => api().http().post(`/approvals/${actionId}/approve`).set(await api().as(who, role)),
    /** Pending actions of `who`'s organisation, or of all. */
    pendingCount: (who?: Handle) => api().platform.db.prisma.pendingAction.count(who ? { where: { organisationId: api().orgs[who].id } } : undefined),
    confirmedInvoice,
    /** The core enterprise issues tier 1 a voucher of `amount` due on `maturity`, on a fresh invoice: maker, then checker. */
    async issueToTier1(amount: string, maturity: string): Promise<{ voucher: string; invoice: { id: string; number: string } }> {
      const invoice = await confirmedInvoice("tier1", "core", amount);
      const p = await api().http().post("/vouchers").set(await api().as("core")).send({ supplierOrgId: api().orgs.tier1.id, amount, maturity, invoiceIds: [invoice.id] }).then(status(202));
      const proposal = p.body as { id: string };
      const approved = await api().http().post(`/approvals/${proposal.id}/approve`).set(await api().as("core", "checker")).then(status(200));
      return { voucher: (approved.body as { result: { voucherId: string } }).result.voucherId, invoice };
    },
  };

  /** A fresh digital invoice `seller`'s maker submits to `buyer`, whose admin confirms it (the tax bureau asked). */
  async function confirmedInvoice(seller: Handle, buyer: Handle, amount: string): Promise<{ id: string; number: string }> {
    const number = digitalNo();
    const sub = await api().http().post("/invoices").set(await api().as(seller)).send({ kind: "digital", number, buyerOrgId: api().orgs[buyer].id, amount, tax: "0.00", issueDate: "2026-06-01" }).then(status(201));
    const { id } = sub.body as { id: string };
    await api().http().post(`/invoices/${id}/confirm`).set(await api().as(buyer, "admin")).then(status(200));
    return { id, number };
  }
}

/** Asserts a response's status, showing its body when it differs. */
export const status =
  (n: number) =>
  <R extends { status: number; body: unknown }>(r: R): R => {
    expect(r.status, JSON.stringify(r.body)).toBe(n);
    return r;
  };

let serial = 0;
/** A fresh 20-digit number of a digital invoice. */
export const digitalNo = () => `${process.pid % 100000}`.padStart(5, "0") + `${Date.now() % 1e9}`.padStart(9, "0") + String(++serial).padStart(6, "0");

/** Fen as the yuan string the API shows. */
export const yuan = (fen: bigint) => `${fen / 100n}.${(fen % 100n).toString().padStart(2, "0")}`;
