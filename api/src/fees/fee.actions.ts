/** A warehouse's tariff (it prices every account opened after it) and a fee payment, under dual control. */
import { z } from "zod";
import { action, type ActionTable } from "../approvals/dual-control";
import { formatYuan, parseYuan } from "../money";
import { accountJson, tariffJson } from "./fee.json";
import type { FeeService, Tariff } from "./fee.service";

export const FEE_TARIFF = "fees.setTariff";
export const FEE_PAY = "fees.pay";

export function feeActions(fees: FeeService): ActionTable {
  return {
    [FEE_TARIFF]: action<{ commodity: string } & Tariff>({
      propose: (_maker, t) => Promise.resolve({ commodity: t.commodity, storagePerTonneDay: formatYuan(t.storage), supervisionPerTonneDay: formatYuan(t.supervision) }),
      execute: async (checker, payload) => {
        const p = z.object({ commodity: z.string(), storagePerTonneDay: z.string(), supervisionPerTonneDay: z.string() }).parse(payload);
        const t = await fees.setTariff(checker, p.commodity, { storage: parseYuan(p.storagePerTonneDay), supervision: parseYuan(p.supervisionPerTonneDay) });
        return { ...tariffJson(t), txHash: t.txHash };
      },
    }),
    [FEE_PAY]: action<{ receiptId: bigint }>({
      propose: async (maker, { receiptId }) => {
        const a = await fees.checkPay(maker, receiptId);
        return { receiptId: receiptId.toString(), due: formatYuan(a.total) };
      },
      execute: async (checker, payload) => {
        const p = z.object({ receiptId: z.string() }).parse(payload);
        const a = await fees.pay(checker, BigInt(p.receiptId));
        return {
          ...accountJson(a),
          paid: { storage: formatYuan(a.paid.storageFee), supervision: formatYuan(a.paid.supervisionFee), closed: a.paid.closed },
          txHash: a.txHash,
        };
      },
    }),
  };
}
