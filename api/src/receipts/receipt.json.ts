import { z } from "zod";
import { party } from "../http/party";
import { ALERT_RULES } from "../alerts/alert-draft";
import type { ReceiptView } from "./receipt.service";

export const RECEIPT_STATUSES = ["active", "pledged", "split", "delivered", "cancelled"] as const;
const hash = z.string().meta({ description: "32 bytes, 0x-prefixed hex" });

/** An unresolved alert on a receipt, as receipts and pledge loans cite it: GET /alerts/{id} tells the rest. */
export const openAlertSchema = z.object({ id: z.string(), rule: z.enum(ALERT_RULES) });

export const receiptSchema = z
  .object({
    id: z.string(),
    status: z.enum(RECEIPT_STATUSES),
    owner: party,
    warehouse: party,
    pledgee: party.nullable().meta({ description: "The bank that holds it in pledge, while pledged" }),
    commodity: z.string(),
    grade: z.string(),
    quantity: z.string().meta({ description: "Grams, a decimal string" }),
    parentId: z.string().nullable().meta({ description: "The receipt it was split from" }),
    loanId: z.string().nullable().meta({ description: "The pledge loan that holds (or held, when the bank took it) the receipt" }),
    atRisk: z.boolean().meta({ description: "While an alert naming it (a weighing short of it, a door opened without delivery, its bay's climate out of range) is not resolved" }),
    openAlerts: z.array(openAlertSchema).meta({ description: "The unresolved alerts that put it at risk, oldest first" }),
    commitments: z.object({ inbound: hash, reading: hash, location: hash, document: hash }).meta({
      description: "What the ledger records: the inbound reference's and the bay's commitments, the weighing reading's Merkle leaf hash, and the document's salted commitment",
    }),
  })
  .meta({ description: "An electronic warehouse receipt (电子仓单) as the ledger holds it" });

export const receiptJson = (r: ReceiptView) => ({
  id: r.id.toString(),
  status: r.status,
  owner: r.ownerParty,
  warehouse: r.warehouseParty,
  pledgee: r.pledgee,
  commodity: r.commodity,
  grade: r.grade,
  quantity: r.quantity.toString(),
  parentId: r.parent === 0n ? null : r.parent.toString(),
  loanId: r.loanId === null ? null : r.loanId.toString(),
  atRisk: r.openAlerts.length > 0,
  openAlerts: r.openAlerts,
  commitments: { inbound: r.inbound, reading: r.reading, location: r.location, document: r.document },
});
