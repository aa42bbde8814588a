import { z } from "zod";
import { party } from "../http/party";
import { formatYuan } from "../money";
import { FEE_LINES, type FeeLine } from "./fee-report";
import type { FeeAccountView } from "./fee.service";

const yuanText = z.string().meta({ description: "Yuan, a decimal string" });

export const tariffSchema = z.object({
  warehouse: party,
  commodity: z.string(),
  storagePerTonneDay: yuanText.meta({ description: "Storage fee, yuan per tonne per CST day" }),
  supervisionPerTonneDay: yuanText.meta({ description: "Supervision fee while pledged, yuan per tonne per CST day" }),
});

export const tariffJson = (t: { warehouse: unknown; commodity: string; storage: bigint; supervision: bigint }) => ({
  warehouse: t.warehouse,
  commodity: t.commodity,
  storagePerTonneDay: formatYuan(t.storage),
  supervisionPerTonneDay: formatYuan(t.supervision),
});

export const accountSchema = z
  .object({
    receiptId: z.string(),
    warehouse: party,
    owner: party.nullable(),
    openedDay: z.number().int().meta({ description: "The CST day storage accrues from, in days since 1970-01-01 CST" }),
    storagePerTonneDay: yuanText,
    supervisionPerTonneDay: yuanText,
    supervising: z.boolean(),
    closed: z.boolean().meta({ description: "Paid on the goods' leaving: nothing more accrues" }),
    storagePaid: yuanText,
    supervisionPaid: yuanText,
    paidTo: z.number().int().nullable().meta({ description: "The CST day fees are paid up to (not counted)" }),
    due: z.object({ storage: yuanText, supervision: yuanText }).nullable().meta({ description: "What paying now would pay, to yesterday (CST)" }),
  })
  .meta({ description: "A receipt's warehouse fee account (仓储费、监管费)" });

export const accountJson = (a: FeeAccountView) => ({
  receiptId: a.receiptId.toString(),
  warehouse: a.warehouseParty,
  owner: a.owner,
  openedDay: a.openedDay,
  storagePerTonneDay: formatYuan(a.storageFenPerTonneDay),
  supervisionPerTonneDay: formatYuan(a.supervisionFenPerTonneDay),
  supervising: a.supervising,
  closed: a.closed,
  storagePaid: formatYuan(a.storagePaid),
  supervisionPaid: formatYuan(a.supervisionPaid),
  paidTo: a.paidTo,
  due: a.due ? { storage: formatYuan(a.due.storageFee), supervision: formatYuan(a.due.supervisionFee) } : null,
});

export const reportSchema = z.object({
  items: z.array(
    z.object({
      party,
      fees: z.object(Object.fromEntries(FEE_LINES.map((l) => [l, yuanText])) as Record<FeeLine, typeof yuanText>),
      total: yuanText,
    }),
  ),
});
