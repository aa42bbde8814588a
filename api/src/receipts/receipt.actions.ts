/** Receipts under dual control: issuing, transferring, splitting, delivering and cancelling move title to goods. */
import { z } from "zod";
import { action, type ActionTable } from "../approvals/dual-control";
import { receiptJson } from "./receipt.json";
import type { IssueInput, LotInput, ReceiptService } from "./receipt.service";

export const RECEIPT_ISSUE = "receipts.issue";
export const RECEIPT_TRANSFER = "receipts.transfer";
export const RECEIPT_SPLIT = "receipts.split";
export const RECEIPT_DELIVER = "receipts.deliver";
export const RECEIPT_CANCEL = "receipts.cancel";

const grams = z.string().transform((s) => BigInt(s));
const storedIssue = z.object({
  depositor: z.object({ id: z.string() }),
  commodity: z.string(),
  grade: z.string(),
  quantity: grams,
  readingId: grams,
  inbound: z.string(),
  bay: z.string(),
  document: z.string(),
});
const storedId = z.object({ receipt: z.object({ id: grams }) });
const storedTransfer = storedId.extend({ to: z.object({ id: z.string() }) });
const storedSplit = storedId.extend({ lots: z.array(z.object({ quantity: grams, document: z.string() })) });

/** What a proposal stores of the receipt it is about: enough for the checker to see what they approve. */
const about = (r: { id: bigint; commodity: string; quantity: bigint; status: string }) => ({
  id: r.id.toString(),
  commodity: r.commodity,
  quantity: r.quantity.toString(),
  status: r.status,
});

export function receiptActions(receipts: ReceiptService): ActionTable {
  const closing = (how: "deliver" | "cancel") =>
    action<{ id: bigint }>({
      propose: async (maker, { id }) => ({ receipt: about(await receipts.owned(maker, id)) }),
      execute: async (checker, payload) => {
        const r = await receipts.close(checker, storedId.parse(payload).receipt.id, how);
        return { ...receiptJson(r), txHash: r.txHash };
      },
    });
  return {
    [RECEIPT_ISSUE]: action<IssueInput>({
      propose: async (maker, input) => {
        const c = await receipts.checkIssue(maker, input);
        return { ...c, depositorOrgId: undefined, quantity: c.quantity.toString(), readingId: c.readingId.toString() };
      },
      execute: async (checker, payload) => {
        const p = storedIssue.parse(payload);
        const r = await receipts.issue(checker, { ...p, depositorOrgId: p.depositor.id });
        return { ...receiptJson(r), txHash: r.txHash };
      },
    }),
    [RECEIPT_TRANSFER]: action<{ id: bigint; toOrgId: string }>({
      propose: async (maker, { id, toOrgId }) => ({ receipt: about(await receipts.owned(maker, id)), to: await receipts.recipient(toOrgId, maker) }),
      execute: async (checker, payload) => {
        const p = storedTransfer.parse(payload);
        const r = await receipts.transfer(checker, p.receipt.id, p.to.id);
        return { ...receiptJson(r), txHash: r.txHash };
      },
    }),
    [RECEIPT_SPLIT]: action<{ id: bigint; lots: LotInput[] }>({
      propose: async (maker, { id, lots }) => {
        const r = await receipts.owned(maker, id);
        receipts.checkLots(r, lots);
        return { receipt: about(r), lots: lots.map((l) => ({ quantity: l.quantity.toString(), document: l.document })) };
      },
      execute: async (checker, payload) => {
        const p = storedSplit.parse(payload);
        const r = await receipts.split(checker, p.receipt.id, p.lots);
        return { lots: r.lots.map(receiptJson), txHash: r.txHash };
      },
    }),
    [RECEIPT_DELIVER]: closing("deliver"),
    [RECEIPT_CANCEL]: closing("cancel"),
  };
}
